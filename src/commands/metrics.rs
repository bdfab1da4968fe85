//! `tcerts metrics`: expiry metrics for Prometheus (node_exporter's textfile collector).

use std::path::Path;

use serde_json::json;

use super::lifecycle::load_inventory;
use crate::Error;
use crate::cli::MetricsArgs;
use crate::output::{Output, json_path};
use crate::store::{LockMode, Store, atomic};
use crate::{export, metrics, pki};

pub(super) fn run(dir: &Path, args: MetricsArgs, out: Output) -> Result<(), Error> {
    let inv = load_inventory(dir)?;
    let (bundles, problems) = {
        let store = Store::open(dir, LockMode::Shared)?;
        let config = store.config()?;
        metrics::bundles(&store, &config)
    };
    let now = pki::now();
    let text = metrics::render(&inv, &bundles, now);
    for p in inv.problems.iter().chain(problems.iter()) {
        out.warn(&format!("left out of the metrics: {p}"));
    }
    let series = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count();
    // Readable by node_exporter, which runs as another user.
    let to_file = export::deliver(
        out,
        args.output.as_deref(),
        &text,
        atomic::PUBLIC_MODE,
        "prometheus-text",
        json!({ "series": series, "generated": pki::format_time(now) }),
    )?;
    if let Some(path) = args.output.as_ref().filter(|_| to_file) {
        out.done(&format!("Wrote {series} series to {}", path.display()));
        out.json(&json!({
            "output": json_path(path),
            "series": series,
            "generated": pki::format_time(now),
        }));
    }
    Ok(())
}
