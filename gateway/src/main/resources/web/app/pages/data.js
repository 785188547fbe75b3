import { html, nothing } from 'lit';
import { Page, errorText, holds } from '../page.js';
import { api, upload } from '../api.js';

/** Ingest jobs: start one from the data directory, follow it live, cancel it; the inventory of dumps. */
class DataPage extends Page {
  static properties = { me: {}, job: { state: true }, jobs: { state: true }, dumps: { state: true },
    sent: { state: true }, cancelling: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    await this.load();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  async load() {
    try {
      // a reader sees the inventory; the jobs are for those who run them
      this.jobs = holds(this.me, 'admin', 'researcher') ? await api('/api/ingest/jobs?limit=20') : null;
      this.dumps = await api('/api/ingest/dumps');
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async start(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { path: form.get('path') };
    for (const field of ['site', 'dumpDate']) {
      if (form.get(field)) {
        body[field] = form.get(field);
      }
    }
    this.error = null;
    try {
      this.job = await api('/api/ingest/jobs', { method: 'POST', body });
      this.cancelling = false;
      this.follow();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async upload(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    if (!form.get('dumpDate')) {
      form.delete('dumpDate');
    }
    this.error = null;
    this.sent = { loaded: 0, total: form.get('file').size };
    try {
      this.job = await upload('/api/ingest/jobs/upload', form, (loaded, total) => { this.sent = { loaded, total }; });
      this.sent = null;
      this.cancelling = false;
      this.follow();
    } catch (error) {
      this.sent = null;
      this.error = errorText(error);
    }
  }

  async follow() {
    this.job = await api(`/api/ingest/jobs/${this.job.id}`);
    if (['QUEUED', 'RUNNING'].includes(this.job.state)) {
      this.timer = setTimeout(() => this.follow(), 500);
    } else {
      await this.load();
    }
  }

  async cancel() {
    this.cancelling = true;
    try {
      await api(`/api/ingest/jobs/${this.job.id}/cancel`, { method: 'POST' });
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    const j = this.job;
    const percent = j && j.bytesTotal ? Math.floor((100 * j.bytesRead) / j.bytesTotal) : 0;
    return html`
      <h1>Data</h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${this.me.roles.includes('admin') ? html`<form id="start-job" @submit=${this.start}>
        <h2>Ingest a dump</h2>
        <p><label for="path">Path below the data directory</label>
          <input id="path" name="path" required placeholder="samples/ai.stackexchange.com_2017-03"></p>
        <p><label for="site">Site (from the folder's name when empty)</label> <input id="site" name="site">
          <label for="dumpDate">Dump date (yyyy-mm)</label> <input id="dumpDate" name="dumpDate" pattern="[0-9]{4}-[0-9]{2}"></p>
        <button id="start">Start</button>
      </form>
      <form id="upload-job" @submit=${this.upload}>
        <h2>Upload a dump</h2>
        <p><label for="upload-file">A dump file (.7z, .xml, .xml.gz, .xml.bz2, .xml.xz)</label>
          <input id="upload-file" name="file" type="file" required></p>
        <p><label for="upload-site">Site</label> <input id="upload-site" name="site" required placeholder="ai.stackexchange.com">
          <label for="upload-dumpDate">Dump date (yyyy-mm)</label> <input id="upload-dumpDate" name="dumpDate" pattern="[0-9]{4}-[0-9]{2}"></p>
        <button id="upload">Upload and ingest</button>
        ${this.sent ? html`<p><progress id="upload-progress" max=${this.sent.total} value=${this.sent.loaded}
          aria-label="Bytes uploaded"></progress> ${Math.floor((100 * this.sent.loaded) / (this.sent.total || 1))} % sent</p>`
          : nothing}
      </form>` : nothing}
      ${j ? html`<section id="job" aria-live="polite"><h2>Job ${j.id}</h2>
        <progress id="job-progress" max="100" value=${percent} aria-label="Bytes read"></progress>
        <span id="job-percent">${percent} %</span>
        <p>State <strong id="job-state">${j.state}</strong>; ${j.rowsRead ?? 0} rows,
          ${Math.round(j.rowsPerSecond ?? 0)} rows/s${j.etaSeconds != null ? `, about ${j.etaSeconds} s left` : ''};
          ${j.questions ?? 0} questions, ${j.answers ?? 0} answers.</p>
        ${j.error ? html`<p role="alert" class="error" id="job-error">${j.error}</p>` : nothing}
        ${(j.warnings ?? []).length ? html`<ul>${j.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
        ${['QUEUED', 'RUNNING'].includes(j.state) ? html`<button id="cancel" @click=${this.cancel} ?disabled=${this.cancelling}>${this.cancelling ? 'Cancelling…' : 'Cancel'}</button>` : nothing}
      </section>` : nothing}
      ${this.jobs ? html`<h2>Recent jobs</h2>
      <table id="jobs"><thead><tr><th scope="col">Path</th><th scope="col">State</th><th scope="col">Rows</th>
        <th scope="col">Finished</th></tr></thead>
        <tbody>${(this.jobs ?? []).map((x) => html`<tr><td>${x.path}</td><td>${x.state}</td>
          <td class="number">${x.rowsRead}</td><td>${x.finishedAt ?? ''}</td></tr>`)}</tbody></table>` : nothing}
      <h2>Dumps</h2>
      <table id="dumps"><thead><tr><th scope="col">Site</th><th scope="col">Dump</th><th scope="col">Questions</th>
        <th scope="col">Answers</th></tr></thead>
        <tbody>${(this.dumps ?? []).map((d) => html`<tr><td>${d.site}</td><td>${d.dumpDate ?? ''}</td>
          <td class="number">${d.questions}</td><td class="number">${d.answers}</td></tr>`)}</tbody></table>`;
  }
}

customElements.define('so-data-page', DataPage);
