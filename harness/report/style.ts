/** The stylesheet of report.html: inline (CSP allows inline styles only), print-friendly, no web fonts. */
export const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--error:#9a6700;--muted:#57606a;--grey:#6e7781;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#1b1f24}
h1{margin:0 0 .25rem;font-size:1.6rem}h2{border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{margin:.2rem 0 .4rem}
a{color:#0969da}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}code{overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;max-height:28rem;overflow:auto;background:var(--soft);padding:.5rem;border-radius:4px}
.pass{color:var(--pass)}.fail{color:var(--fail);font-weight:600}.error{color:var(--error);font-weight:600}
.skipped,.not_applicable,.unobserved{color:var(--grey)}
.meta{color:var(--muted)}
nav.toc{margin:.5rem 0 1rem;color:var(--muted)}nav.toc a{margin-right:.8rem}
.verdict{border:2px solid var(--line);border-left-width:10px;border-radius:6px;padding:.7rem 1rem;margin:1rem 0;background:#fff}
.verdict.failed{border-color:var(--fail)}.verdict.incomplete{border-color:var(--error)}.verdict.unproven{border-color:var(--grey);border-style:dashed}.verdict.passed{border-color:var(--pass)}
.verdict .headline{font-size:1.15rem;margin:.1rem 0 .5rem}.verdict .headline strong{font-size:1.4rem;margin-right:.2rem}
.verdict.failed .headline strong{color:var(--fail)}.verdict.incomplete .headline strong{color:var(--error)}.verdict.unproven .headline strong{color:var(--grey)}.verdict.passed .headline strong{color:var(--pass)}
.verdict .columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}.verdict h3{font-size:1rem}
.verdict ul{margin:0;padding-left:1.1rem}.verdict li{margin:.1rem 0 .55rem;overflow-wrap:anywhere}.verdict li .msg{color:#24292f}.verdict .unreachable{color:var(--error)}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:12px;background:var(--soft);border:1px solid var(--line);color:#24292f;font-weight:400}
.sev-critical{background:#ffebe9;border-color:#ffcecb}.sev-high{background:#fff8c5;border-color:#eed888}
.legend .lg{display:inline-block;margin-right:1rem;padding:.1rem .5rem;border:1.5px solid;border-radius:4px;font-weight:400}
.legend .lg.pass{border-color:var(--pass)}.legend .lg.fail{border-color:var(--fail)}.legend .lg.unobserved{border-color:var(--grey);border-style:dashed;background:var(--soft)}
table.fleet td.cell{white-space:nowrap;text-align:center}table.fleet td.cell.pass{background:#dafbe1}table.fleet td.cell.fail{background:#ffebe9}
table.fleet td.cell.unobserved{background:repeating-linear-gradient(45deg,#f6f8fa,#f6f8fa 6px,#eaeef2 6px,#eaeef2 12px);color:var(--grey)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0 1rem;padding:.5rem;background:var(--soft);border-radius:6px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem;align-items:center}.filters legend{float:left;margin-right:.3rem;color:var(--muted)}
.filters input{position:absolute;opacity:0;width:1px;height:1px}
.filters label{cursor:pointer;border:1px solid var(--line);border-radius:12px;padding:0 .55rem;background:#fff}
.filters input:checked+label{background:#0969da;border-color:#0969da;color:#fff}.filters input:focus-visible+label{outline:2px solid #0969da;outline-offset:1px}
.filters button{border:1px solid var(--line);border-radius:12px;background:#fff;padding:0 .6rem;cursor:pointer}
section.check{border-top:1px solid var(--line);padding-top:.6rem;margin-top:1rem}
details>summary{cursor:pointer}details.fgroup{margin:.3rem 0}details.fgroup>summary{font-weight:600;padding:.15rem 0}
details.why>summary,details.raw>summary{color:var(--muted)}
.finding{border:1px solid var(--line);border-left-width:4px;border-radius:4px;padding:.4rem .6rem;margin:.4rem 0;background:#fff}
div.finding.f-fail{border-left-color:var(--fail)}div.finding.f-error{border-left-color:var(--error)}:target{scroll-margin-top:1rem;outline:2px solid #0969da;outline-offset:2px}
.finding p{margin:.15rem 0}.finding .rtype{color:var(--muted);font-size:12px}.finding .mark{font-weight:700}
.inst{display:block;color:var(--muted);font-size:12px}
table.rows td:first-child{width:34%}
table.ea{width:auto;max-width:100%;margin:.4rem 0}table.ea th{width:7rem;font-weight:600;color:var(--muted)}table.ea td{min-width:12rem}
table.ea tr.differs td:last-child{background:#ffebe9}table.ea tr.differs td:nth-last-child(2){background:#dafbe1}table.ea tr.same td{color:#24292f}
dl.kv{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:0 .6rem}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}ul.kv{margin:0;padding-left:1rem}
svg text{font:12px system-ui,sans-serif}svg .plot-title{font-size:13px}
@media print{.filters,nav.toc{display:none}body{margin:0;max-width:none}a{color:inherit;text-decoration:none}section.check,.finding{break-inside:avoid}pre{max-height:none}}
`;
