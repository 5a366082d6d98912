//! Speed of each pipeline stage on the example project (data-examples/exempelkommun,
//! 20 pages). Run with `cargo bench --bench pipeline`; results are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use berattelse::diag::Diagnostics;
use berattelse::pipeline::{self, Formats, Purpose};
use berattelse::project::ProjectDir;
use criterion::{Criterion, criterion_group, criterion_main};

fn example() -> ProjectDir {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data-examples/exempelkommun");
    ProjectDir::open(&dir).expect("the example project exists")
}

fn stages(c: &mut Criterion) {
    let project = example();
    let mut group = c.benchmark_group("example");
    group.sample_size(20);
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(berattelse::load::load(&project, &mut d))
        })
    });
    group.bench_function("check (load, render Markdown, lint)", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(pipeline::prepare(&project, 2024, Purpose::Check, &mut d))
        })
    });
    let md = Formats {
        md: true,
        pdf: false,
        ..Formats::default()
    };
    let pdf = Formats {
        md: true,
        pdf: true,
        ..Formats::default()
    };
    group.bench_function("build md", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(pipeline::build(&project, 2024, md, &mut d))
        })
    });
    group.bench_function("build md+pdf", |b| {
        b.iter(|| {
            // typst memoises across compiles; evict so every iteration is a cold build.
            typst::comemo::evict(0);
            let mut d = Diagnostics::new();
            black_box(pipeline::build(&project, 2024, pdf, &mut d))
        })
    });
    group.finish();
}

fn markdown(c: &mut Criterion) {
    let text = "Under 2024 rapporterades **2 760** avvikelser, jämfört med 2 590 året innan.\n\n\
                - Fall: 815\n- Läkemedel: 868 (+17 %)\n\n| Område | 2024 |\n|---|---:|\n| Säker | 12 |\n\n"
        .repeat(200);
    c.bench_function("markdown to typst (200 sections)", |b| {
        b.iter(|| {
            black_box(berattelse::render::markdown::typst::to_typst(
                &text,
                &berattelse::render::markdown::typst::TypstOptions { heading_offset: -1 },
            ))
        })
    });
}

criterion_group!(benches, stages, markdown);
criterion_main!(benches);
