import { html, nothing } from 'lit';
import { Page, errorText, storedSites } from '../page.js';
import { api } from '../api.js';

const OUTBOXES = ['ingest', 'classifier', 'taxonomy'];
const REFRESH_MS = 2000;

/** The pipeline, refreshed live: services' readiness, consumer lag, outboxes (pause, resume), the reconciliation. */
class PipelinePage extends Page {
  static properties = { me: {}, status: { state: true }, lag: { state: true }, outboxes: { state: true },
    consistency: { state: true }, refreshedAt: { state: true }, error: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.refresh();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      // each part on its own: one service down leaves the others readable
      const settled = async (promise) => promise.catch((error) => ({ failed: errorText(error) }));
      const [status, lag, stored, ...outboxes] = await Promise.all([api('/api/status'),
        settled(api('/api/metrics/pipeline/lag')), settled(storedSites()),
        ...OUTBOXES.map((service) => settled(api(`/api/${service}/outbox`)))]);
      const sites = stored.failed ? [] : stored;
      this.status = status;
      this.lag = lag;
      this.outboxes = Object.fromEntries(OUTBOXES.map((service, i) => [service, outboxes[i]]));
      this.consistency = await Promise.all(sites.map((site) =>
        settled(api(`/api/metrics/pipeline/consistency?site=${encodeURIComponent(site)}`)).then((c) => ({ site, ...c }))));
      this.refreshedAt = new Date();
      this.error = null;
    } catch (error) {
      this.error = errorText(error);
    }
    if (this.isConnected) {
      this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
    }
  }

  async pause(service, event) {
    event.preventDefault();
    const reason = new FormData(event.target).get('reason') || 'paused from the pipeline page';
    await this.act(() => api(`/api/${service}/outbox/pause`, { method: 'PUT', body: { reason } }));
  }

  async resume(service) {
    await this.act(() => api(`/api/${service}/outbox/pause`, { method: 'DELETE' }));
  }

  async act(call) {
    try {
      await call();
      await this.refresh();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    const admin = this.me.roles.includes('admin');
    const failed = (part) => html`<p class="error">${part.failed}</p>`;
    return html`
      <h1>Pipeline</h1>
      <p role="status" id="refreshed">${this.refreshedAt ? `Refreshed ${this.refreshedAt.toLocaleTimeString()}, every
        ${REFRESH_MS / 1000} s.` : 'Loading…'}</p>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <section id="services"><h2>Services</h2>
        <table><thead><tr><th scope="col">Service</th><th scope="col">State</th><th scope="col">Detail</th>
          <th scope="col">Checked</th></tr></thead>
          <tbody>${(this.status ?? []).map((s) => html`<tr data-service=${s.service}><td>${s.service}</td>
            <td class="state ${s.state === 'UP' ? 'up' : 'down'}">${s.state}</td><td>${s.detail ?? ''}</td>
            <td>${s.checkedAt ? new Date(s.checkedAt).toLocaleTimeString() : ''}</td></tr>`)}</tbody></table>
      </section>
      <section id="lag"><h2>Consumer lag</h2>
        ${!this.lag ? nothing : this.lag.failed ? failed(this.lag) : html`
          <p>${this.lag.drained ? "The suite's services consumed every event." : "Events are waiting for the suite's services."}
            A subscriber's own group is listed, and does not count.</p>
          ${this.lag.aggregating?.length ? html`<p id="aggregating">Figures of ${this.lag.aggregating.join(', ')} wait for their
            count from scratch, made once their events stop coming.</p>` : nothing}
          <table><thead><tr><th scope="col">Consumer group</th><th scope="col">Topic</th><th scope="col">Lag</th></tr></thead>
            <tbody>${this.lag.groups.flatMap((g) => Object.entries(g.lagPerTopic ?? {}).map(([topic, lag]) => html`<tr
              data-group=${g.group}><td>${g.group}${g.suite ? '' : ' (subscriber)'}</td><td>${topic}</td><td class="number">${lag}</td></tr>`))}</tbody></table>`}
      </section>
      <section id="outboxes"><h2>Outboxes</h2>
        <table><thead><tr><th scope="col">Service</th><th scope="col">Publishing</th><th scope="col">Events waiting</th>
          <th scope="col">Oldest waiting since</th><th scope="col">Dead rows</th><th scope="col"></th></tr></thead>
          <tbody>${OUTBOXES.map((service) => {
            const o = this.outboxes?.[service];
            if (!o || o.failed) {
              return html`<tr><td>${service}</td><td colspan="5">${o ? o.failed : ''}</td></tr>`;
            }
            return html`<tr data-outbox=${service}><td>${service}</td>
              <td class="publishing">${o.paused ? `paused by ${o.pausedBy} (${o.reason ?? 'no reason'})` : 'publishing'}</td>
              <td class="number">${o.pendingEvents}</td><td>${o.oldestPendingAt ? new Date(o.oldestPendingAt).toLocaleString() : ''}</td>
              <td class="number">${o.deadRows}</td>
              <td>${!admin ? nothing : o.paused
                ? html`<button class="resume" @click=${() => this.resume(service)}>Resume ${service}</button>`
                : html`<form class="pause" @submit=${(e) => this.pause(service, e)}>
                    <label>Reason <input name="reason" aria-label="Why ${service} pauses"></label>
                    <button>Pause ${service}</button></form>`}</td></tr>`;
          })}</tbody></table>
      </section>
      <section id="reconciliation"><h2>Reconciliation</h2>
        <p>Per site: what ingest stored, the classifier classified and the metrics counted.</p>
        ${(this.consistency ?? []).map((c) => c.failed ? html`<h3>${c.site}</h3>${failed(c)}` : html`
          <article class="site" data-site=${c.site}><h3>${c.site}:
            <span class="verdict">${c.consistent ? 'consistent' : c.settled ? 'inconsistent' : 'settling'}</span></h3>
            <p>Ingest ${c.ingest.questions} questions, ${c.ingest.answers} answers; metrics ${c.metrics.questions}
              questions; ${c.classifier.map((s) => `${s.studyId} v${s.version}: ${s.questions} classified`).join('; ')};
              in flight: ${c.inFlight.ingestOutboxEvents + c.inFlight.classifierOutboxEvents} events in outboxes,
              ${c.inFlight.consumerLag} lag${c.inFlight.aggregating ? '; its figures wait for their count from scratch'
                : ''}.</p>
            ${c.differences.length ? html`<ul>${c.differences.map((d) => html`<li>${d.what}: ${d.expectedFrom}
              ${d.expected}, ${d.foundIn} ${d.found}</li>`)}</ul>` : nothing}
          </article>`)}
      </section>`;
  }
}

customElements.define('so-pipeline-page', PipelinePage);
