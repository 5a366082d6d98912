use super::*;

#[test]
fn xml_text_is_escaped_and_control_characters_dropped() {
    assert_eq!(xml("a<b>&\"\u{1}c"), "a&lt;b&gt;&amp;&quot;c");
}

#[test]
fn image_sizes_from_headers() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(640u32.to_be_bytes());
    png.extend(480u32.to_be_bytes());
    assert_eq!(image_size(&png), Some((true, 640, 480)));
    assert_eq!(image_size(b"GIF89a"), None);
}
