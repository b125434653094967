// Shared by the campaign and drift pages: API calls (with the bearer token the API may ask for), escaping, charts.
window.lifecycle = (() => {
  const esc = (s) =>
    String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  async function api(path) {
    const token = sessionStorage.getItem('rosetta-lifecycle-token');
    const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      const given = prompt('This lifecycle API needs its bearer token (LIFECYCLE_API_TOKEN):');
      if (given) {
        sessionStorage.setItem('rosetta-lifecycle-token', given);
        return api(path);
      }
    }
    return response.ok
      ? { ok: true, body }
      : { ok: false, message: `${response.status} ${body.code ?? ''} ${body.message ?? ''}` };
  }
  const charts = new Map();
  function chart(id, type, labels, datasets, scales = {}) {
    charts.get(id)?.destroy();
    const drawn = new Chart(document.getElementById(id), {
      type,
      data: { labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales,
      },
    });
    charts.set(id, drawn);
    return drawn;
  }
  const deviceRows = (devices) =>
    devices.length === 0
      ? '<tr><td class="muted">none</td></tr>'
      : '<tr><th>device</th><th>status</th><th>stage</th><th>last code</th><th>raw</th><th>first report</th><th>last report</th></tr>' +
        devices
          .map(
            (d) =>
              `<tr><td>${esc(d.device)}</td><td>${esc(d.status)}</td><td>${esc(d.stage)}</td><td><code>${esc(d.code)}</code></td><td><code>${esc(d.sourceCode)}</code></td><td>${esc(d.firstReport)}</td><td>${esc(d.lastReport)}</td></tr>`,
          )
          .join('');
  /** ISO times → [minute, count] sorted by minute. */
  function byMinute(times) {
    const counts = new Map();
    for (const t of times) counts.set(t.slice(0, 16), (counts.get(t.slice(0, 16)) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
  return { api, esc, chart, deviceRows, byMinute };
})();
