import { html, nothing } from 'lit';
import { Page, errorText, storedSites } from '../page.js';
import { api, download } from '../api.js';
import { trendChart, boxPlot, survivalChart, svgOf, resize } from '../chart.js';

/** The site selector: every figure of a page for one site, or for all. */
function siteSelect(sites, site, onChange) {
  return html`<label>Site <select id="site" @change=${onChange}>
    <option value="">all sites</option>
    ${(sites ?? []).map((s) => html`<option value=${s} ?selected=${s === site}>${s}</option>`)}
  </select></label>`;
}

/** Moves to the same page for another site (the site lives in the address, so that it can be shared). */
function goToSite(event) {
  const [path] = location.hash.split('?');
  location.hash = event.target.value ? `${path}?site=${encodeURIComponent(event.target.value)}` : path;
}

class StudiesPage extends Page {
  static properties = { studies: { state: true }, sizes: { state: true }, sites: { state: true }, site: { state: true },
    reports: { state: true }, error: { state: true } };

  constructor() {
    super();
    this.site = '';
    this.sizes = {};
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.studies = await api('/api/classifier/studies');
      this.sites = await storedSites();
      this.reports = await api('/reports');
      await this.loadSizes();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async loadSizes() {
    const sizes = {};
    for (const study of this.studies) {
      const query = this.site ? `?site=${encodeURIComponent(this.site)}` : '';
      sizes[study.id] = (await api(`/api/metrics/studies/${encodeURIComponent(study.id)}/sets${query}`)).sets;
    }
    this.sizes = sizes;
  }

  async chooseSite(event) {
    this.site = event.target.value;
    await this.loadSizes();
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    if (!this.studies) {
      return html`<p class="status">Loading studies…</p>`;
    }
    const siteQuery = this.site ? `?site=${encodeURIComponent(this.site)}` : '';
    return html`
      <h1>Studies</h1>
      ${siteSelect(this.sites, this.site, this.chooseSite)}
      ${(this.reports ?? []).length ? html`<section id="reports"><h2>Reproduction reports</h2><ul>
        ${this.reports.map((r) => html`<li>${r.study}: ${r.files.map((f) => html`<a href="/reports/${encodeURIComponent(r.study)}/${f}"
          target="_blank" rel="noopener">${f}</a> `)}</li>`)}</ul>
        <p>Every figure the paper states, recomputed through this API beside the paper's value, with each difference
          explained.</p></section>` : nothing}
      ${this.studies.map((study) => html`
        <section class="study" data-study=${study.id}>
          <h2><a href="#/studies/${encodeURIComponent(study.id)}${siteQuery}">${study.title ?? study.id}</a>
            <small>${study.id}, version ${study.version}</small></h2>
          <p>${study.description ?? ''}</p>
          <table>
            <thead><tr><th scope="col">Set</th><th scope="col">Name</th><th scope="col">Questions</th></tr></thead>
            <tbody>${study.sets.map((set) => html`<tr>
              <td><a href="#/studies/${encodeURIComponent(study.id)}/sets/${encodeURIComponent(set.id)}${siteQuery}">${set.id}</a></td>
              <td>${set.name ?? ''}${set.needsReview ? ' (candidates to review)' : ''}</td>
              <td class="number">${this.sizes[study.id]?.[set.id] ?? ''}</td></tr>`)}</tbody>
          </table>
        </section>`)}`;
  }
}

/** One study: its sets and sizes, its versions and what each changed, and prop.test between groups of sets. */
class StudyPage extends Page {
  static properties = { study: {}, site: {}, sites: { state: true }, definition: { state: true }, sizes: { state: true },
    versions: { state: true }, changes: { state: true }, comparison: { state: true }, error: { state: true } };

  base() {
    return `/api/classifier/studies/${encodeURIComponent(this.study)}`;
  }

  siteQuery(prefix = '?') {
    return this.site ? `${prefix}site=${encodeURIComponent(this.site)}` : '';
  }

  async updated(changed) {
    if (changed.has('study') || changed.has('site')) {
      // what was computed for another study or site is not shown as this one's
      this.comparison = null;
      this.changes = null;
      this.querySelector('#compare form')?.reset();
      try {
        this.definition = (await api('/api/classifier/studies')).find((s) => s.id === this.study);
        this.sites = await storedSites();
        this.sizes = (await api(`/api/metrics/studies/${encodeURIComponent(this.study)}/sets${this.siteQuery()}`)).sets;
        this.versions = await api(`${this.base()}/versions`);
      } catch (error) {
        this.error = errorText(error);
      }
    }
  }

  async showChanges(version) {
    try {
      this.changes = await api(`${this.base()}/versions/${version}/changes?limit=50${this.siteQuery('&')}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async compare(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const query = new URLSearchParams({ a: form.getAll('a').join(','), b: form.getAll('b').join(','),
      correct: form.get('correct') ? 'true' : 'false' });
    const reviewed = this.definition.sets.filter((s) => s.needsReview).map((s) => s.id)
      .filter((id) => form.getAll('a').includes(id) || form.getAll('b').includes(id));
    if (reviewed.length) {
      query.set('reviewedSets', reviewed.join(','));
    }
    if (this.site) {
      query.set('site', this.site);
    }
    this.error = null;
    try {
      this.comparison = await api(`/api/metrics/studies/${encodeURIComponent(this.study)}/compare?${query}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    const d = this.definition;
    if (!d) {
      return this.error ? html`<p role="alert" class="error">${this.error}</p>` : html`<p class="status">Loading…</p>`;
    }
    const sets = d.sets;
    const groupPicker = (name, legend) => html`<fieldset><legend>${legend}</legend>
      ${sets.map((s) => html`<label class="check"><input type="checkbox" name=${name} value=${s.id}> ${s.id}</label>`)}
    </fieldset>`;
    const t = this.comparison?.test;
    const c = this.changes;
    return html`
      <p><a href="#/">← Studies</a></p>
      <h1>${d.title ?? d.id} <small>${d.id}, version ${d.version}${this.site ? `, ${this.site}` : ''}</small></h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <p>${d.description ?? ''}</p>
      ${siteSelect(this.sites, this.site, goToSite)}
      <table id="sets"><thead><tr><th scope="col">Set</th><th scope="col">Name</th><th scope="col">Questions</th></tr></thead>
        <tbody>${sets.map((s) => html`<tr><td><a href="#/studies/${encodeURIComponent(d.id)}/sets/${encodeURIComponent(s.id)}${this.siteQuery()}">${s.id}</a></td>
          <td>${s.name ?? ''}${s.needsReview ? ' (candidates to review)' : ''}</td>
          <td class="number">${this.sizes?.[s.id] ?? ''}</td></tr>`)}</tbody></table>

      <section id="compare" aria-labelledby="compare-title"><h2 id="compare-title">Share without an accepted answer:
        prop.test</h2>
        <form @submit=${this.compare}>
          <div class="side-by-side">${groupPicker('a', 'Group A')}${groupPicker('b', 'Group B')}</div>
          <label class="check"><input type="checkbox" name="correct" checked> Yates' continuity correction</label>
          <button id="run-compare">Compare</button>
        </form>
        ${t ? html`<table id="compare-result"><caption>R's prop.test, two-sided, 95 % interval</caption>
          <thead><tr><th scope="col">Group</th><th scope="col">Sets</th><th scope="col">Without accepted answer</th>
            <th scope="col">Questions</th><th scope="col">Share</th></tr></thead>
          <tbody>
            <tr><td>A</td><td>${this.comparison.a.sets.join(', ')}</td><td class="number">${t.x1}</td>
              <td class="number">${t.n1}</td><td class="number">${t.p1?.toFixed(4)}</td></tr>
            <tr><td>B</td><td>${this.comparison.b.sets.join(', ')}</td><td class="number">${t.x2}</td>
              <td class="number">${t.n2}</td><td class="number">${t.p2?.toFixed(4)}</td></tr>
          </tbody></table>
          <p>X-squared = <span id="x-squared">${t.statistic?.toFixed(4)}</span>, df = ${t.df},
            p-value = <strong id="p-value">${t.pValue?.toPrecision(4)}</strong>; 95 % interval of the difference
            ${t.confLow?.toFixed(4)} to ${t.confHigh?.toFixed(4)}${t.corrected ? ', with continuity correction' : ''}.</p>
          ${t.warning ? html`<p class="error">${t.warning}</p>` : nothing}` : nothing}
      </section>

      <section id="versions" aria-labelledby="versions-title"><h2 id="versions-title">Versions</h2>
        <table><thead><tr><th scope="col">Version</th><th scope="col">Title</th><th scope="col">Published</th>
          <th scope="col"></th></tr></thead>
          <tbody>${(this.versions ?? []).map((v) => html`<tr><td class="number">${v.version}</td><td>${v.title ?? ''}</td>
            <td>${v.publishedAt}</td><td>${v.version > 1 ? html`<button class="show-changes"
              @click=${() => this.showChanges(v.version)}>What changed</button>` : nothing}</td></tr>`)}</tbody></table>
        ${c ? html`<div id="changes" aria-live="polite"><h3>Version ${c.fromVersion} to ${c.toVersion}</h3>
          <table><thead><tr><th scope="col">Set</th><th scope="col">Entered</th><th scope="col">Left</th></tr></thead>
            <tbody>${Object.entries(c.sets ?? {}).map(([set, n]) => html`<tr><td>${set}</td>
              <td class="number">${n.entered}</td><td class="number">${n.left}</td></tr>`)}</tbody></table>
          ${c.items.length ? html`<table><caption>The first questions that moved</caption>
            <thead><tr><th scope="col">Question</th><th scope="col">Entered</th><th scope="col">Left</th></tr></thead>
            <tbody>${c.items.map((i) => html`<tr><td><a href="#/questions/${encodeURIComponent(i.site)}/${i.postId}">${i.site}
              ${i.postId}</a></td><td>${(i.entered ?? []).join(', ')}</td><td>${(i.left ?? []).join(', ')}</td></tr>`)}</tbody>
          </table>` : html`<p>No question moved.</p>`}</div>` : nothing}
      </section>`;
  }
}

/** A chart with its two downloads: the drawing as SVG, the numbers as CSV. */
function chartFigure(id, label, onSvg, onCsv) {
  return html`<div id=${id} class="chart" role="img" aria-label=${label}></div>
    <p><button id="${id}-svg" @click=${onSvg}>Download chart (SVG)</button>
      <button id="${id}-csv" @click=${onCsv}>Download data (CSV)</button></p>`;
}

/** One set: the trend, the difficulty (box plot of response times, share without accepted answer), the survival curve. */
class SetPage extends Page {
  static properties = { study: {}, set: {}, site: {}, sites: { state: true }, needsReview: { state: true },
    reviewed: { state: true },
    trend: { state: true },
    difficulty: { state: true }, survival: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('study') || changed.has('set') || changed.has('site')) {
      this.load(true);
    }
    const where = `${this.set} of ${this.study}${this.site ? ', ' + this.site : ''}`;
    const chart = (id) => this.querySelector(`#${id}`);
    if (this.trend && chart('trend-chart')) {
      trendChart(chart('trend-chart'), `Set ${where}`, this.trend.years);
    }
    if (this.difficulty?.responseMinutes?.box && chart('box-chart')) {
      boxPlot(chart('box-chart'), `Minutes to the accepted answer, set ${where}`,
        [{ name: this.set, box: this.difficulty.responseMinutes.box, outliers: this.difficulty.responseMinutes.outliers }]);
    }
    if (this.survival?.curve?.length && chart('survival-chart')) {
      survivalChart(chart('survival-chart'), `Time to an accepted answer, set ${where}`, this.survival.curve);
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this.onResize = () => this.querySelectorAll('.chart').forEach(resize);
    window.addEventListener('resize', this.onResize);
  }

  disconnectedCallback() {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
  }

  base() {
    return `/api/metrics/studies/${encodeURIComponent(this.study)}/sets/${encodeURIComponent(this.set)}`;
  }

  query() {
    const query = new URLSearchParams();
    if (this.site) {
      query.set('site', this.site);
    }
    if (this.reviewed) {
      query.set('reviewed', 'true');
    }
    return query.size ? `?${query}` : '';
  }

  async load(anotherSet) {
    this.error = null;
    try {
      if (anotherSet) {
        // a set whose rules only find candidates counts, by default, what a relevance review kept
        const studies = await api('/api/classifier/studies');
        this.sites = await storedSites();
        this.needsReview = studies.find((s) => s.id === this.study)?.sets.find((s) => s.id === this.set)?.needsReview;
        this.reviewed = this.needsReview ?? false;
      }
      this.trend = await api(`${this.base()}/trend${this.query()}`);
      this.difficulty = await api(`${this.base()}/difficulty${this.query()}`);
      this.survival = await api(`${this.base()}/survival${this.query()}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  siteQuery() {
    return this.site ? `?site=${encodeURIComponent(this.site)}` : '';
  }

  name(what, extension) {
    return `${this.study}-${this.set}${this.site ? '-' + this.site : ''}-${what}.${extension}`;
  }

  svg(what, id) {
    download(this.name(what, 'svg'), 'image/svg+xml', svgOf(this.querySelector(`#${id}`)));
  }

  async csv(what, path) {
    download(this.name(what, 'csv'), 'text/csv', await api(path, { accept: 'text/csv' }));
  }

  survivalCsv() {
    const rows = this.survival.curve.map((s) => [s.time, s.atRisk, s.events, s.survival, s.lower, s.upper].join(','));
    download(this.name('survival', 'csv'), 'text/csv', ['minutes,at_risk,events,survival,lower,upper', ...rows].join('\n'));
  }

  render() {
    const d = this.difficulty;
    const m = d?.responseMinutes;
    const s = this.survival;
    const number = (v, digits = 2) => (v == null ? '–' : v.toFixed(digits));
    return html`
      <p><a href="#/studies/${encodeURIComponent(this.study)}${this.siteQuery()}">← Study ${this.study}</a></p>
      <h1>Set ${this.set} of ${this.study}${this.site ? html` on ${this.site}` : nothing}</h1>
      ${siteSelect(this.sites, this.site, goToSite)}
      ${this.needsReview ? html`<p>This set's rules find candidates to review.
        <label class="check"><input type="checkbox" id="reviewed" ?checked=${this.reviewed}
          @change=${(e) => { this.reviewed = e.target.checked; this.load(false); }}>
          Count only the members a relevance review kept</label></p>` : nothing}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Questions and askers per year</h2>
        ${chartFigure('trend-chart', 'Questions and askers per year, as in the table below', () => this.svg('trend', 'trend-chart'),
          () => this.csv('trend', `${this.base()}/trend${this.query()}`))}
        ${this.trend ? html`<table id="trend-table">
          <caption>Questions and distinct askers per year (UTC)</caption>
          <thead><tr><th scope="col">Year</th><th scope="col">Questions</th><th scope="col">Askers</th></tr></thead>
          <tbody>${this.trend.years.map((y) => html`<tr><td>${y.year}</td><td class="number">${y.questions}</td>
            <td class="number">${y.users}</td></tr>`)}</tbody>
        </table>` : nothing}
      </section>
      ${d ? html`<section id="difficulty" aria-labelledby="difficulty-title">
        <h2 id="difficulty-title">Difficulty</h2>
        <dl>
          <dt>Questions</dt><dd class="number">${d.questions}</dd>
          <dt>Without an accepted answer</dt><dd class="number" id="without-accepted">${d.withoutAcceptedAnswer}
            (${(100 * (d.shareWithoutAcceptedAnswer ?? 0)).toFixed(2)} %)</dd>
          <dt>Minutes to the accepted answer, median</dt><dd class="number" id="median-minutes">${number(m?.median)}</dd>
        </dl>
        ${m?.box ? html`
          ${chartFigure('box-chart', 'Box plot of the minutes to the accepted answer: hinges and whiskers as in the table below',
            () => this.svg('response-minutes', 'box-chart'), () => this.csv('difficulty', `${this.base()}/difficulty${this.query()}`))}
          <table id="box-table"><caption>Minutes to the accepted answer: the box and whiskers are R's boxplot.stats (Tukey's
            hinges), the quartiles R's quantile type 7; 0 minutes are drawn at 0.1 on the logarithmic axis</caption>
            <tbody>${[['Answered', m.count], ['Min', number(m.min)], ['Lower whisker', number(m.box.lowerWhisker)],
              ['Lower hinge', number(m.box.lowerHinge)], ['Q1', number(m.q1)], ['Median', number(m.median)],
              ['Mean', number(m.mean)], ['Q3', number(m.q3)], ['Upper hinge', number(m.box.upperHinge)],
              ['Upper whisker', number(m.box.upperWhisker)], ['Max', number(m.max)], ['Outliers', m.outlierCount]]
              .map(([name, value]) => html`<tr><th scope="row">${name}</th><td class="number">${value}</td></tr>`)}</tbody></table>` : nothing}
      </section>` : nothing}
      ${s ? html`<section id="survival" aria-labelledby="survival-title">
        <h2 id="survival-title">Time to an accepted answer (Kaplan-Meier)</h2>
        <p>${s.questions} questions: ${s.answered} with an accepted answer, ${s.censored} censored where observation of their site ends (its newest post),
          ${s.excluded} excluded. Median <span id="survival-median">${number(s.medianMinutes)}</span> minutes
          (95 % interval ${number(s.medianLow)} to ${number(s.medianHigh)}).</p>
        ${s.curve?.length ? chartFigure('survival-chart', 'Share of questions still without an accepted answer over time',
          () => this.svg('survival', 'survival-chart'), () => this.survivalCsv()) : nothing}
      </section>` : nothing}`;
  }
}

customElements.define('so-studies-page', StudiesPage);
customElements.define('so-study-page', StudyPage);
customElements.define('so-set-page', SetPage);
