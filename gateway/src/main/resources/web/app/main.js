import { LitElement, html, nothing } from 'lit';
import { api, download, ApiError } from './api.js';
import { trendChart, svgOf, resize } from './chart.js';
import { sanitized } from './post.js';
import './main.css';

// Pages render into the light DOM: one stylesheet, and tests and assistive tools see plain elements.
class Page extends LitElement {
  createRenderRoot() {
    return this;
  }
}

function route() {
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query ?? '') };
}

function errorText(error) {
  return error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
}

class SoApp extends Page {
  static properties = { me: { state: true }, route: { state: true }, checked: { state: true } };

  constructor() {
    super();
    this.route = route();
    window.addEventListener('hashchange', () => { this.route = route(); });
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.me = await api('/auth/me');
    } catch (signedOut) {
      this.me = null;
    }
    this.checked = true;
  }

  async signOut() {
    await api('/auth/sign-out', { method: 'POST' });
    this.me = null;
    location.hash = '#/sign-in';
  }

  render() {
    if (!this.checked) {
      return html`<p class="status">Loading…</p>`;
    }
    const [first, ...rest] = this.route.parts;
    const signedIn = this.me && first !== 'sign-in';
    return html`
      <header>
        <a class="brand" href="#/">so-mining</a>
        ${signedIn ? html`
          <nav aria-label="Main"><a href="#/">Studies</a></nav>
          <span class="who">${this.me.user} (${this.me.roles.join(', ')})</span>
          <button @click=${this.signOut}>Sign out</button>` : nothing}
      </header>
      <main>${signedIn ? this.page(first, rest) : html`<so-sign-in @signed-in=${(e) => { this.me = e.detail; location.hash = '#/'; }}></so-sign-in>`}</main>`;
  }

  page(first, rest) {
    if (first === 'studies' && rest[1] === 'sets') {
      return html`<so-set-page .study=${rest[0]} .set=${rest[2]} .site=${this.route.query.get('site') ?? ''}></so-set-page>`;
    }
    if (first === 'questions') {
      return html`<so-question-page .site=${rest[0]} .postId=${rest[1]}></so-question-page>`;
    }
    return html`<so-studies-page></so-studies-page>`;
  }
}

class SignInPage extends Page {
  static properties = { users: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.users = await api('/auth/local/users');
    } catch (error) {
      this.error = error.status === 404
        ? 'Sign in with your organisation\'s identity provider (not configured on this gateway yet).'
        : errorText(error);
    }
  }

  async signIn(user) {
    try {
      await api('/auth/local/sign-in', { method: 'POST', body: { user } });
      this.dispatchEvent(new CustomEvent('signed-in', { detail: await api('/auth/me'), bubbles: true }));
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    return html`
      <h1>Sign in</h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${this.users ? html`
        <p>This is the local stack: choose a demo user.</p>
        <ul class="users">
          ${this.users.map((u) => html`<li><button data-user=${u.user} @click=${() => this.signIn(u.user)}>
            ${u.user}</button> <span>${u.roles.join(', ')}</span></li>`)}
        </ul>` : nothing}`;
  }
}

class StudiesPage extends Page {
  static properties = { studies: { state: true }, sizes: { state: true }, sites: { state: true }, site: { state: true },
    error: { state: true } };

  constructor() {
    super();
    this.site = '';
    this.sizes = {};
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.studies = await api('/api/classifier/studies');
      const dumps = await api('/api/ingest/dumps');
      this.sites = [...new Set(dumps.map((d) => d.site))].sort();
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
      <label>Site <select id="site" @change=${this.chooseSite}>
        <option value="">all sites</option>
        ${(this.sites ?? []).map((s) => html`<option value=${s} ?selected=${s === this.site}>${s}</option>`)}
      </select></label>
      ${this.studies.map((study) => html`
        <section class="study" data-study=${study.id}>
          <h2>${study.title ?? study.id} <small>${study.id}, version ${study.version}</small></h2>
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

class SetPage extends Page {
  static properties = { study: {}, set: {}, site: {}, trend: { state: true }, difficulty: { state: true },
    error: { state: true } };

  updated(changed) {
    if (changed.has('study') || changed.has('set') || changed.has('site')) {
      this.load();
    }
    if (this.trend) {
      const element = this.querySelector('#trend-chart');
      if (element) {
        trendChart(element, `Set ${this.set} of ${this.study}${this.site ? ', ' + this.site : ''}`, this.trend.years);
      }
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this.onResize = () => resize(this.querySelector('#trend-chart'));
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
    return this.site ? `?site=${encodeURIComponent(this.site)}` : '';
  }

  async load() {
    this.error = null;
    try {
      this.trend = await api(`${this.base()}/trend${this.query()}`);
      this.difficulty = await api(`${this.base()}/difficulty${this.query()}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async csv() {
    download(`${this.study}-${this.set}-trend.csv`, 'text/csv', await api(`${this.base()}/trend${this.query()}`,
      { accept: 'text/csv' }));
  }

  svg() {
    download(`${this.study}-${this.set}-trend.svg`, 'image/svg+xml', svgOf(this.querySelector('#trend-chart')));
  }

  render() {
    const d = this.difficulty;
    return html`
      <p><a href="#/">← Studies</a></p>
      <h1>Set ${this.set} of ${this.study}${this.site ? html` on ${this.site}` : nothing}</h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Questions and askers per year</h2>
        <div id="trend-chart" class="chart" role="img" aria-label="Questions and askers per year, as in the table below"></div>
        <p><button id="download-svg" @click=${this.svg}>Download chart (SVG)</button>
          <button id="download-csv" @click=${this.csv}>Download data (CSV)</button></p>
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
          <dt>Without an accepted answer</dt><dd class="number">${d.withoutAcceptedAnswer}
            (${(100 * (d.shareWithoutAcceptedAnswer ?? 0)).toFixed(2)} %)</dd>
          <dt>Minutes to the accepted answer, median</dt><dd class="number">${d.responseMinutes?.median?.toFixed(2) ?? '–'}</dd>
        </dl>
      </section>` : nothing}`;
  }
}

class QuestionPage extends Page {
  static properties = { site: {}, postId: {}, question: { state: true }, error: { state: true } };

  async updated(changed) {
    if (changed.has('site') || changed.has('postId')) {
      try {
        this.question = await api(`/api/ingest/questions/${encodeURIComponent(this.site)}/${encodeURIComponent(this.postId)}`);
      } catch (error) {
        this.error = errorText(error);
      }
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    const q = this.question;
    if (!q) {
      return html`<p class="status">Loading…</p>`;
    }
    return html`
      <article class="question">
        <h1>${q.title}</h1>
        <p class="tags">${(q.tags ?? []).map((t) => html`<span class="tag">${t}</span>`)}</p>
        <div class="body" id="question-body">${sanitized(q.body)}</div>
      </article>
      <h2>${(q.answers ?? []).length} ${(q.answers ?? []).length === 1 ? 'answer' : 'answers'}</h2>
      ${(q.answers ?? []).map((a) => html`<article class="answer ${a.accepted ? 'accepted' : ''}">
        ${a.accepted ? html`<p class="accepted-mark">Accepted answer</p>` : nothing}
        <div class="body">${sanitized(a.body)}</div></article>`)}`;
  }
}

customElements.define('so-app', SoApp);
customElements.define('so-sign-in', SignInPage);
customElements.define('so-studies-page', StudiesPage);
customElements.define('so-set-page', SetPage);
customElements.define('so-question-page', QuestionPage);
