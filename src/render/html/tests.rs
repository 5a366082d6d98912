use super::*;

#[test]
fn escapes_everything() {
    assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    assert_eq!(safe_href("javascript:alert(1)"), None);
    assert_eq!(
        safe_href("https://a.se/?q=1").as_deref(),
        Some("https://a.se/?q=1")
    );
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"M"), "TQ==");
}
