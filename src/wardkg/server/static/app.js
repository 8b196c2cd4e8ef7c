// wardkg explorer: the SPARQL editor sends the query to /sparql and shows the answer (no external files).
"use strict";
(function () {
  const form = document.getElementById("editor");
  if (!form) return;
  const out = document.getElementById("sparql-output");
  const text = document.getElementById("sparql-text");
  const fmt = document.getElementById("sparql-format");

  function cellText(b) {
    if (!b) return "";
    return b.value;
  }

  function renderTable(doc) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of doc.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of doc.results.bindings) {
      const tr = body.insertRow();
      for (const v of doc.head.vars) {
        const td = tr.insertCell();
        const b = row[v];
        if (b && b.type === "uri" && /^https?:\/\//.test(b.value)) {
          const a = document.createElement("a");
          const base = "https://w3id.org/wardkg/id/";
          a.href = b.value.startsWith(base) ? "/id/" + b.value.slice(base.length) : b.value;
          a.textContent = b.value;
          td.appendChild(a);
        } else {
          td.textContent = cellText(b);
        }
      }
    }
    return table;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    out.textContent = "…";
    const accept = fmt.value;
    let resp;
    try {
      resp = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": accept },
        body: text.value,
      });
    } catch (e) {
      out.innerHTML = "";
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = String(e);
      out.appendChild(p);
      return;
    }
    const body = await resp.text();
    out.innerHTML = "";
    const status = document.createElement("p");
    status.id = "sparql-status";
    status.textContent = resp.status + " " + (resp.headers.get("Content-Type") || "");
    out.appendChild(status);
    if (!resp.ok) {
      const p = document.createElement("p");
      p.className = "error";
      p.id = "error";
      p.textContent = body;
      out.appendChild(p);
      return;
    }
    const ctype = resp.headers.get("Content-Type") || "";
    if (ctype.startsWith("application/sparql-results+json")) {
      const doc = JSON.parse(body);
      if ("boolean" in doc) {
        const p = document.createElement("p");
        p.textContent = String(doc.boolean);
        out.appendChild(p);
      } else {
        const n = document.createElement("p");
        n.className = "count";
        n.id = "result-count";
        n.textContent = doc.results.bindings.length + " rows";
        out.appendChild(n);
        out.appendChild(renderTable(doc));
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = body;
      out.appendChild(pre);
    }
  });
})();
