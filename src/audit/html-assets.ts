/**
 * What the auditor's HTML page carries inline: its style sheet (screen and print) and the small
 * script that sorts and filters tables, opens details for printing and checks that the delegation
 * drawing rendered. No network, no library: the page's Content Security Policy forbids both.
 */

export const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;
--critical:#8b0000;--high:#c2410c;--medium:#a16207;--low:#1d4ed8;--info:#57606a;
--ok:#1a7f37;--warn:#bc4c00;--na:#8c959f}
*{box-sizing:border-box}
html{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#0d1b2a;color:#fff;padding:18px 32px 0}
header.top .brand{font-weight:700;letter-spacing:.02em;color:#9ecbff}header.top .brand span{color:#cfd8e3;font-weight:400}
header.top h1{margin:4px 0 2px;font-size:24px}
header.top .meta{margin:0 0 10px;color:#cfd8e3}header.top code{color:#fff}
header.top nav{display:flex;gap:4px;flex-wrap:wrap}
header.top nav a{color:#dbe7f3;padding:8px 12px;border-radius:6px 6px 0 0}
header.top nav a:hover{background:#1b2f45;text-decoration:none}
main{padding:8px 32px 32px;max-width:1500px}
section{margin-top:28px}
h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px;margin:0 0 12px}
h3{font-size:15px;margin:16px 0 8px}
.graph{overflow:auto;border:1px solid var(--line);border-radius:6px;background:var(--soft);max-height:720px}
svg.delegation .node rect{fill:#fff;stroke:#8c959f}
svg.delegation text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;fill:var(--fg)}
svg.delegation .name{font-weight:700;font-size:12.5px}svg.delegation .where{fill:var(--muted);font-size:10px}
svg.delegation .tool.risky{fill:#c00;font-weight:600}svg.delegation .tool.approved{fill:var(--ok)}
svg.delegation .edge path{fill:none;stroke:#8c959f;stroke-width:1.4}svg.delegation .edge text{fill:var(--muted);font-size:10px}
svg.delegation .edge.unapproved path{stroke:#c00;stroke-width:2.2}svg.delegation .edge.unapproved text{fill:#c00}
svg.delegation .edge.approved path{stroke:var(--ok);stroke-dasharray:5 3}
ul.chains li{margin:3px 0}
.muted{color:var(--muted);font-size:12px}
.note,.lead{color:var(--muted);max-width:1000px}.lead{color:var(--fg);font-size:15px}
.empty{color:var(--muted);font-style:italic}.ok{color:var(--ok)}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 12px}
.card{min-width:96px;padding:10px 14px;border-radius:8px;border:1px solid var(--line);border-top:4px solid var(--info);background:var(--soft)}
.card .n{font-size:26px;font-weight:700;line-height:1.1}.card .l{color:var(--muted);text-transform:uppercase;font-size:11px;letter-spacing:.05em}
.card.zero{opacity:.55}
.sevcard-critical{border-top-color:var(--critical)}.sevcard-high{border-top-color:var(--high)}.sevcard-medium{border-top-color:var(--medium)}.sevcard-low{border-top-color:var(--low)}
.card.nhi{border-top-color:#6e40c9}.card.nhi.warn{border-top-color:var(--warn)}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.3fr);gap:24px}
table{border-collapse:collapse;width:100%;margin:4px 0 12px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);font-weight:600;font-size:12.5px;position:sticky;top:0;z-index:1}
table.compact td,table.compact th{padding:4px 8px}
.num{text-align:right;font-variant-numeric:tabular-nums}
.bar-col{width:45%}
.bar{display:flex;height:16px;border-radius:3px;overflow:hidden;background:var(--soft);min-width:4px}
.bar.full{width:100%}
.seg{display:block;height:100%;color:#fff;font-size:10.5px;line-height:16px;text-align:center;overflow:hidden}
.seg-critical{background:var(--critical)}.seg-high{background:var(--high)}.seg-medium{background:var(--medium)}.seg-low{background:var(--low)}.seg-info{background:var(--info)}
.seg.st-findings{background:var(--warn);color:#fff;border:0;border-radius:0;padding:0}.seg.st-no-findings{background:var(--ok);color:#fff;border:0;border-radius:0;padding:0}.seg.st-not-testable{background:#c5ccd3;color:#24292f;border:0;border-radius:0;padding:0}
.sev{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:11.5px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.conf,.cat{color:var(--muted);font-size:11.5px;margin-top:2px}
.toolbar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0 8px;padding:8px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
.toolbar input[type=search]{flex:1 1 260px;padding:5px 8px;border:1px solid var(--line);border-radius:5px;font:inherit}
.toolbar select{padding:4px 6px;border:1px solid var(--line);border-radius:5px;font:inherit;background:#fff}
.chip{display:inline-flex;align-items:center;gap:3px;padding:2px 8px;border-radius:12px;color:#fff;font-size:12px;cursor:pointer;margin-right:2px}
.count{color:var(--muted);margin-left:auto}
table.sortable th{cursor:pointer;user-select:none;white-space:nowrap}
table.sortable th::after{content:" ↕";color:#aab3bc;font-size:11px}
table.sortable th[aria-sort=ascending]::after{content:" ▲";color:var(--fg)}
table.sortable th[aria-sort=descending]::after{content:" ▼";color:var(--fg)}
table.findings{table-layout:fixed}
table.findings th:nth-child(1){width:44px}table.findings th:nth-child(2){width:92px}table.findings th:nth-child(3){width:15%}table.findings th:nth-child(4){width:14%}table.findings th:nth-child(6){width:21%}table.findings th:nth-child(7){width:230px}
table.findings td{overflow-wrap:anywhere}
table.findings td.fix{color:#343a40;font-size:13px}
table.findings .title{font-weight:600}
.evidence{margin-top:3px;font-size:12.5px;color:var(--muted)}
.evidence code,.evidence-list code.ev{background:#fff3cd;padding:0 3px;border-radius:3px;color:#3d2c00}
pre.snippet{margin:4px 0 0;padding:4px 6px;background:var(--soft);border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:11.5px}
code.loc{overflow-wrap:anywhere}
.tag{display:inline-block;font-size:10px;padding:0 4px;margin:1px 0;border:1px solid var(--line);border-radius:4px;background:var(--soft);white-space:nowrap;max-width:100%;overflow:hidden;text-overflow:ellipsis}
tr:target{outline:2px solid var(--accent);outline-offset:-2px;background:#eef6ff}
.fid{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
table.inventory{table-layout:fixed}table.inventory td{overflow-wrap:anywhere}
table.inventory th:nth-child(1){width:19%}table.inventory th:nth-child(2){width:9%}table.inventory th:nth-child(3){width:12%}table.inventory th:nth-child(4){width:12%}table.inventory th:nth-child(5){width:17%}table.inventory th:nth-child(7){width:8%}table.inventory th:nth-child(8){width:7%}
table.inventory tr.long td:first-child{border-left:4px solid var(--warn)}
table.inventory tr.shared td:first-child code{font-weight:700}
.life{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;border:1px solid var(--line)}
.life-long-lived{background:#fff1e5;border-color:#f0b483;color:#8a3700}.life-short-lived{background:#eaf5ff;border-color:#9cc9f5}
.life-reference{background:#eefbf0;border-color:#9fd8ab;color:#135c25}
.shared-badge{display:inline-block;padding:1px 7px;border-radius:10px;background:#ffe3e0;color:#8b1a10;border:1px solid #f3a59c;font-size:12px;font-weight:600;white-space:nowrap}
details.framework{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:0 12px 4px}
details.framework>summary{cursor:pointer;padding:10px 0;display:flex;justify-content:space-between;align-items:center;gap:12px;font-weight:600;font-size:15px}
.fw-counts{display:flex;gap:4px}
.fw-meta{margin:0 0 6px;color:var(--muted);font-size:12.5px}.fw-meta .url{word-break:break-all}
.st{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11.5px;font-weight:600;white-space:nowrap}
.st-findings{background:#fff1e5;color:#8a3700;border:1px solid #f0b483}
.st-no-findings{background:#eefbf0;color:#135c25;border:1px solid #9fd8ab}
.st-not-testable{background:#f2f4f6;color:#57606a;border:1px solid #d0d7de}
table.controls{table-layout:fixed}table.controls th:first-child{width:24%}table.controls th:nth-child(2){width:12%}table.controls th:nth-child(4){width:22%}
table.controls td{overflow-wrap:anywhere}table.controls td.rules{font-size:12px;color:var(--muted)}table.controls td.rules code{color:var(--fg);font-size:11.5px}
tr.ctl .cid{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
tr.ctl .ctitle{font-size:13px}
tr.depth-1 td:first-child{padding-left:22px}tr.depth-2 td:first-child{padding-left:38px}tr.depth-3 td:first-child{padding-left:54px}
tr.ctl[data-status=not-testable] .ctitle{color:var(--muted)}
.mark{color:var(--muted);font-size:12px}
ul.evidence-list{margin:0;padding-left:0;list-style:none}ul.evidence-list>li{margin:0 0 8px}
ul.where{margin:2px 0;padding-left:18px}ul.where li{margin:1px 0}
ul.evidence-list .fix{color:var(--muted);font-size:12px}
.verdict{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11.5px;font-weight:600}
.v-allow{background:#eefbf0;color:#135c25}.v-deny{background:#ffe3e0;color:#8b1a10}.v-needs-approval{background:#fff1e5;color:#8a3700}.v-unknown{background:#f2f4f6;color:#57606a}
table.scope th{width:160px;background:var(--soft);font-weight:600}
footer{padding:16px 32px;color:var(--muted);border-top:1px solid var(--line);font-size:12px}
.hidden{display:none}
@media (max-width:900px){.grid2{grid-template-columns:1fr}main{padding:8px 12px}header.top{padding:12px}}
@media print{
  @page{size:A4 landscape;margin:12mm}
  html{font-size:10.5px}
  header.top{background:none;color:#000;padding:0;border-bottom:2px solid #000}
  header.top .brand,header.top .meta,header.top code{color:#000}header.top .brand span{color:#555}
  code,pre{font-size:9.5px}.tag{font-size:8.5px}
  header.top nav,.toolbar,table.sortable th::after{display:none}
  main{padding:0;max-width:none}
  thead th{position:static}
  thead{display:table-header-group}
  tr,li,.card{break-inside:avoid}
  section{break-before:auto}#frameworks,#scope{break-before:page}
  details.framework{border:none;padding:0}details.framework>summary{padding:6px 0;list-style:none}
  details.framework>summary::-webkit-details-marker{display:none}
  a{color:inherit}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .hidden{display:none}
}
`;

export const SCRIPT = `
(function(){
  "use strict";
  function cellKey(row, i, numeric){
    var cell = row.cells[i];
    if (!cell) return numeric ? 0 : "";
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
    return numeric ? parseFloat(v) || 0 : v;
  }
  function sortBy(table, th){
    var i = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function(h){ h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function(r, n){ r.__order = n; });
    rows.sort(function(a, b){
      var x = cellKey(a, i, numeric), y = cellKey(b, i, numeric);
      var c = x < y ? -1 : x > y ? 1 : a.__order - b.__order;
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th){
      th.tabIndex = 0;
      th.addEventListener("click", function(){ sortBy(table, th); });
      th.addEventListener("keydown", function(e){ if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th); } });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".toolbar[data-for]"), function(bar){
    var table = document.getElementById(bar.getAttribute("data-for"));
    if (!table) return;
    var text = bar.querySelector(".f-text"), cat = bar.querySelector(".f-cat"), fw = bar.querySelector(".f-fw");
    var sevs = bar.querySelectorAll(".f-sev"), count = bar.querySelector(".count");
    function apply(){
      var q = text ? text.value.trim().toLowerCase() : "";
      var allowed = {};
      Array.prototype.forEach.call(sevs, function(c){ if (c.checked) allowed[c.value] = true; });
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function(r){
        var ok = (!q || (r.getAttribute("data-text") || r.textContent.toLowerCase()).indexOf(q) >= 0)
          && (!sevs.length || allowed[r.getAttribute("data-severity")])
          && (!cat || !cat.value || r.getAttribute("data-category") === cat.value)
          && (!fw || !fw.value || (" " + r.getAttribute("data-frameworks") + " ").indexOf(" " + fw.value + " ") >= 0);
        r.classList.toggle("hidden", !ok);
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    Array.prototype.forEach.call(bar.querySelectorAll("input,select"), function(el){
      el.addEventListener("input", apply); el.addEventListener("change", apply);
    });
    apply();
  });
  var status = document.querySelector(".f-status");
  if (status) status.addEventListener("change", function(){
    Array.prototype.forEach.call(document.querySelectorAll("tr.ctl"), function(r){
      r.classList.toggle("hidden", !!status.value && r.getAttribute("data-status") !== status.value);
    });
  });
  // A view can be shared as a link: #q=<text>&sev=critical,high&sort=<column title>[:desc]
  (function(){
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function(kv){
      var i = kv.indexOf("=");
      if (i > 0) { try { params[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) {} }
    });
    var bar = document.querySelector('.toolbar[data-for="findings-table"]');
    if (!bar) return;
    if (params.q !== undefined) { var t = bar.querySelector(".f-text"); t.value = params.q; t.dispatchEvent(new Event("input")); }
    if (params.sev !== undefined) {
      var want = params.sev.split(",");
      Array.prototype.forEach.call(bar.querySelectorAll(".f-sev"), function(c){ c.checked = want.indexOf(c.value) >= 0; });
      bar.querySelector(".f-sev").dispatchEvent(new Event("change"));
    }
    if (params.sort) {
      var parts = params.sort.split(":"), table = document.getElementById("findings-table");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th){
        if (th.textContent.trim().toLowerCase() === parts[0].toLowerCase()) {
          sortBy(table, th);
          if (parts[1] === "desc") sortBy(table, th);
        }
      });
    }
  })();
  window.addEventListener("beforeprint", function(){
    Array.prototype.forEach.call(document.querySelectorAll("details"), function(d){ d.open = true; });
  });
  // The delegation drawing: how many agent boxes the browser actually laid out (tests read it).
  Array.prototype.forEach.call(document.querySelectorAll("svg.delegation"), function(svg){
    var shown = 0;
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function(g){
      var box = g.getBBox(), rect = g.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && rect.width > 0) shown++;
    });
    svg.setAttribute("data-rendered-nodes", String(shown));
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
`;
