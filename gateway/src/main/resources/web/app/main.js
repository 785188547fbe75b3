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

/** A rater who neither researches nor reads sees the labeling rounds first. */
function onlyRater(me) {
  return me && me.roles.includes('rater') && !me.roles.some((r) => ['admin', 'researcher', 'reader'].includes(r));
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
    window.addEventListener('so-signed-out', () => { this.me = null; });
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
          <nav aria-label="Main"><a href="#/">Studies</a> <a href="#/rounds">Labeling</a> <a href="#/data">Data</a></nav>
          <span class="who">${this.me.user} (${this.me.roles.join(', ')})</span>
          <button @click=${this.signOut}>Sign out</button>` : nothing}
      </header>
      <main>${signedIn ? this.page(first, rest) : html`<so-sign-in .failure=${first === 'sign-in' ? this.route.query.get('error') : null}
          @signed-in=${(e) => { this.me = e.detail; location.hash = '#/'; }}></so-sign-in>`}</main>`;
  }

  page(first, rest) {
    if (first === 'studies' && rest[1] === 'sets') {
      return html`<so-set-page .study=${rest[0]} .set=${rest[2]} .site=${this.route.query.get('site') ?? ''}></so-set-page>`;
    }
    if (first === 'rounds' && rest[1] === 'label') {
      return html`<so-label-page .roundId=${rest[0]} .me=${this.me}></so-label-page>`;
    }
    if (first === 'rounds' && rest[0]) {
      return html`<so-round-page .roundId=${rest[0]} .me=${this.me}></so-round-page>`;
    }
    if (first === 'rounds' || (!first && onlyRater(this.me))) {
      return html`<so-rounds-page .me=${this.me}></so-rounds-page>`;
    }
    if (first === 'data') {
      return html`<so-data-page .me=${this.me}></so-data-page>`;
    }
    if (first === 'questions') {
      return html`<so-question-page .site=${rest[0]} .postId=${rest[1]}></so-question-page>`;
    }
    return html`<so-studies-page></so-studies-page>`;
  }
}

class SignInPage extends Page {
  static properties = { users: { state: true }, provider: { state: true }, error: { state: true }, failure: {} };

  async connectedCallback() {
    super.connectedCallback();
    const [provider, users] = await Promise.allSettled([api('/auth/oidc'), api('/auth/local/users')]);
    this.provider = provider.value;
    this.users = users.value;
    const failed = [provider, users].find((r) => r.status === 'rejected' && r.reason.status !== 404);
    if (failed) {
      this.error = errorText(failed.reason);
    } else if (!this.provider && !this.users) {
      this.error = 'No way to sign in is configured on this gateway: set gateway.oidc.issuer (see docs/security.md).';
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
      ${this.failure ? html`<p role="alert" class="error">Sign-in failed: ${this.failure}</p>` : nothing}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${this.provider ? html`<p><a class="button" id="provider-sign-in" href="/auth/oidc/sign-in">Sign in with
        ${new URL(this.provider.issuer).host}</a></p>` : nothing}
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
    return questionView(q);
  }
}

/** A question as Stack Overflow shows it: title, tags, body and answers, bodies sanitized. */
function questionView(q) {
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

/** The caller's own labels of an assignment (none until labeled). */
function own(assignment) {
  return assignment.labels ?? [];
}

/** The labels a question can get in a round: the taxonomy's labelable nodes, or KEEP and DROP. */
async function choicesOf(round) {
  if (round.kind === 'RELEVANCE') {
    return [{ id: 'KEEP', path: 'KEEP: a member of the set' }, { id: 'DROP', path: 'DROP: not a member' }];
  }
  const nodes = await api(`/api/taxonomy/taxonomies/${encodeURIComponent(round.taxonomyId)}/nodes`);
  return [...nodes.filter((n) => n.labelable).map((n) => ({ id: n.id, path: n.path })),
    { id: 'FALSE_POSITIVE', path: 'FALSE_POSITIVE: not about deployment' }, { id: 'UNCLEAR', path: 'UNCLEAR' }];
}

/** Type to search, arrows to move, Enter to pick: the category picker of the labeling loop and of arbitration. */
class CategoryPicker extends Page {
  static properties = { choices: {}, query: { state: true }, active: { state: true }, label: {} };

  constructor() {
    super();
    this.query = '';
    this.active = 0;
  }

  matches() {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return (this.choices ?? []).filter((c) => words.every((w) => c.path.toLowerCase().includes(w))).slice(0, 12);
  }

  pick(choice) {
    this.dispatchEvent(new CustomEvent('picked', { detail: choice, bubbles: true }));
    this.query = '';
    this.active = 0;
  }

  keydown(event) {
    const matches = this.matches();
    if (event.key === 'ArrowDown') {
      this.active = Math.min(this.active + 1, matches.length - 1);
      event.preventDefault();
    } else if (event.key === 'ArrowUp') {
      this.active = Math.max(this.active - 1, 0);
      event.preventDefault();
    } else if (event.key === 'Enter' && matches[this.active]) {
      this.pick(matches[this.active]);
      event.preventDefault();
    }
  }

  render() {
    const matches = this.matches();
    return html`
      <label for="category-search">${this.label ?? 'Category'} (type to search, ↑ ↓ to choose, Enter to label)</label>
      <input id="category-search" type="search" autocomplete="off" role="combobox" aria-expanded="true"
        aria-controls="category-choices" .value=${this.query}
        @input=${(e) => { this.query = e.target.value; this.active = 0; }} @keydown=${this.keydown}>
      <ul id="category-choices" role="listbox" class="choices">
        ${matches.map((c, i) => html`<li role="option" aria-selected=${i === this.active}>
          <button class="choice ${i === this.active ? 'active' : ''}" data-label=${c.id}
            @click=${() => this.pick(c)}>${c.path}</button></li>`)}
      </ul>`;
  }
}

class RoundsPage extends Page {
  static properties = { me: {}, rounds: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.rounds = await api(`/api/taxonomy/rounds${onlyRater(this.me) ? '?mine=true' : ''}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    const me = this.me.user;
    return html`<h1>Labeling rounds</h1>
      ${!this.rounds ? html`<p class="status">Loading…</p>` : html`<table id="rounds">
        <thead><tr><th scope="col">Round</th><th scope="col">Set</th><th scope="col">Raters</th>
          <th scope="col">Arbitrator</th><th scope="col">Questions</th><th scope="col"></th></tr></thead>
        <tbody>${this.rounds.map((r) => html`<tr data-round=${r.id}>
          <td>${r.name}</td><td>${r.studyId} ${r.setId}</td><td>${r.raterA}, ${r.raterB}</td><td>${r.arbitrator}</td>
          <td class="number">${r.population}</td>
          <td>${[r.raterA, r.raterB].includes(me) ? html`<a class="label-link" href="#/rounds/${r.id}/label">Label</a> ` : nothing}
            <a class="round-link" href="#/rounds/${r.id}">${r.arbitrator === me ? 'Arbitrate' : 'Overview'}</a></td>
        </tr>`)}</tbody></table>`}`;
  }
}

class LabelPage extends Page {
  static properties = { roundId: {}, me: {}, round: { state: true }, assignments: { state: true },
    index: { state: true }, question: { state: true }, choices: { state: true }, error: { state: true },
    saved: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    this.shortcuts = (event) => {
      if (event.target.tagName === 'INPUT' || event.target.tagName === 'TEXTAREA') {
        return;
      }
      if (event.key === ']' || event.key === 'n') {
        this.move(1);
      } else if (event.key === '[' || event.key === 'p') {
        this.move(-1);
      } else if (event.key === '/') {
        this.querySelector('#category-search')?.focus();
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', this.shortcuts);
    try {
      this.round = await api(`/api/taxonomy/rounds/${this.roundId}`);
      this.choices = await choicesOf(this.round);
      await this.reload();
      const open = this.assignments.findIndex((a) => own(a).length === 0);
      await this.show(open < 0 ? 0 : open);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  disconnectedCallback() {
    window.removeEventListener('keydown', this.shortcuts);
    super.disconnectedCallback();
  }

  async reload() {
    this.assignments = await api(`/api/taxonomy/rounds/${this.roundId}/assignments`);
  }

  async show(index) {
    this.index = index;
    this.question = null;
    this.saved = null;
    const a = this.assignments[index];
    this.question = await api(`/api/ingest/questions/${encodeURIComponent(a.site)}/${a.postId}`);
    await this.updateComplete;
    this.querySelector('#category-search')?.focus();
  }

  async move(step) {
    const next = this.index + step;
    if (next >= 0 && next < this.assignments.length) {
      await this.show(next);
    }
  }

  async label(labels, note) {
    const a = this.assignments[this.index];
    try {
      await api(`/api/taxonomy/rounds/${this.roundId}/items/${encodeURIComponent(a.site)}/${a.postId}/label`,
        { method: 'PUT', body: note ? { labels, note } : { labels } });
      await this.reload();
      this.saved = labels.join(', ');
      const open = this.assignments.findIndex((x, i) => i > this.index && own(x).length === 0);
      if (open >= 0) {
        await this.show(open);
      }
    } catch (error) {
      this.error = errorText(error);
    }
  }

  skip() {
    const note = this.querySelector('#note').value.trim();
    this.label(['PENDING'], note || 'skipped');
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    if (!this.assignments || this.index === undefined) {
      return html`<p class="status">Loading…</p>`;
    }
    const done = this.assignments.filter((a) => own(a).length > 0 && !own(a).includes('PENDING')).length;
    const a = this.assignments[this.index];
    return html`
      <p><a href="#/rounds">← Rounds</a></p>
      <h1 class="round-name">${this.round.name}</h1>
      <p id="progress" role="status">${done} of ${this.assignments.length} labeled · question ${this.index + 1}
        ${a.pilot ? '(pilot)' : ''}</p>
      <progress max=${this.assignments.length} value=${done} aria-label="Labeled"></progress>
      <p>Your label: <strong id="own-label">${own(a).length ? own(a).join(', ') : 'none yet'}</strong>
        ${this.saved ? html` · saved: <span id="saved">${this.saved}</span>` : nothing}</p>
      <so-category-picker .choices=${this.choices} @picked=${(e) => this.label([e.detail.id])}></so-category-picker>
      <p><label for="note">Note</label> <input id="note" type="text">
        <button id="skip" @click=${this.skip}>Skip with note</button>
        <button @click=${() => this.move(-1)} aria-keyshortcuts="[">Back</button>
        <button @click=${() => this.move(1)} aria-keyshortcuts="]">Next</button></p>
      <p class="hint">Keys: / search, Enter label and next, [ back, ] next.</p>
      ${this.question ? questionView(this.question) : html`<p class="status">Loading the question…</p>`}`;
  }
}

class RoundPage extends Page {
  static properties = { roundId: {}, me: {}, round: { state: true }, agreement: { state: true },
    disagreements: { state: true }, shares: { state: true }, choices: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    await this.load();
  }

  async load() {
    try {
      this.round = await api(`/api/taxonomy/rounds/${this.roundId}`);
      this.choices = await choicesOf(this.round);
      const arbitrating = this.round.arbitrator === this.me.user;
      const overseeing = this.me.roles.some((r) => ['admin', 'researcher', 'reader'].includes(r));
      this.disagreements = arbitrating || overseeing
        ? await api(`/api/taxonomy/rounds/${this.roundId}/disagreements`) : [];
      if (overseeing) {
        this.agreement = await api(`/api/taxonomy/rounds/${this.roundId}/agreement`);
        this.shares = await api(`/api/taxonomy/rounds/${this.roundId}/shares`).catch(() => null);
      }
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async decide(item, choice) {
    try {
      await api(`/api/taxonomy/rounds/${this.roundId}/items/${encodeURIComponent(item.site)}/${item.postId}/decision`,
        { method: 'PUT', body: { labels: [choice.id] } });
      await this.load();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    if (!this.round) {
      return html`<p class="status">Loading…</p>`;
    }
    const k = this.agreement?.overall;
    const path = (id) => this.choices?.find((c) => c.id === id)?.path ?? id;
    return html`
      <p><a href="#/rounds">← Rounds</a></p>
      <h1>${this.round.name}</h1>
      <p>${this.round.kind} round of set ${this.round.setId} of ${this.round.studyId}; raters ${this.round.raterA} and
        ${this.round.raterB}, arbitrator ${this.round.arbitrator}; seed ${this.round.seed}.</p>
      ${k ? html`<section id="agreement"><h2>Agreement</h2>
        <p>Labeled by both: <span id="labeled-by-both">${this.agreement.labeledByBoth}</span>.
          Cohen's kappa <strong id="kappa">${k.kappa?.toFixed(3) ?? '–'}</strong>
          (95 % interval ${k.low?.toFixed(3) ?? '–'} to ${k.high?.toFixed(3) ?? '–'}), observed agreement
          ${k.observed?.toFixed(3) ?? '–'}.</p></section>` : nothing}
      <section id="disagreements"><h2>Disagreements to settle</h2>
        ${(this.disagreements ?? []).length === 0 ? html`<p>None.</p>` : (this.disagreements ?? []).map((d) => html`
          <article class="disagreement" data-post=${d.postId}>
            <h3><a href="#/questions/${encodeURIComponent(d.site)}/${d.postId}">${d.site} ${d.postId}</a></h3>
            <div class="side-by-side"><p>Rater A: ${(d.a ?? []).map(path).join(', ')}</p>
              <p>Rater B: ${(d.b ?? []).map(path).join(', ')}</p></div>
            ${this.round.arbitrator === this.me.user ? html`<so-category-picker label="Decision" .choices=${this.choices}
              @picked=${(e) => this.decide(d, e.detail)}></so-category-picker>` : nothing}
          </article>`)}
      </section>
      ${this.shares ? html`<section id="shares"><h2>Shares</h2><table>
        <thead><tr><th scope="col">Category</th><th scope="col">Questions</th><th scope="col">Share</th></tr></thead>
        <tbody>${this.shares.filter((s) => s.questions > 0).map((s) => html`<tr><td>${s.platform ? s.platform + ' / ' : ''}${s.name}</td>
          <td class="number">${s.questions}</td><td class="number">${(100 * s.share).toFixed(1)} %</td></tr>`)}</tbody>
      </table></section>` : nothing}`;
  }
}

/** Ingest jobs: start one from the data directory, follow it live, cancel it; the inventory of dumps. */
class DataPage extends Page {
  static properties = { me: {}, job: { state: true }, jobs: { state: true }, dumps: { state: true },
    error: { state: true } };

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
      this.jobs = await api('/api/ingest/jobs?limit=20');
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
      this.follow();
    } catch (error) {
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
          <label for="dumpDate">Dump date (yyyy-mm)</label> <input id="dumpDate" name="dumpDate" pattern="\d{4}-\d{2}"></p>
        <button id="start">Start</button>
      </form>` : nothing}
      ${j ? html`<section id="job" aria-live="polite"><h2>Job ${j.id}</h2>
        <progress id="job-progress" max="100" value=${percent} aria-label="Bytes read"></progress>
        <span id="job-percent">${percent} %</span>
        <p>State <strong id="job-state">${j.state}</strong>; ${j.rowsRead ?? 0} rows,
          ${Math.round(j.rowsPerSecond ?? 0)} rows/s${j.etaSeconds != null ? `, about ${j.etaSeconds} s left` : ''};
          ${j.questions ?? 0} questions, ${j.answers ?? 0} answers.</p>
        ${j.error ? html`<p role="alert" class="error" id="job-error">${j.error}</p>` : nothing}
        ${(j.warnings ?? []).length ? html`<ul>${j.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
        ${['QUEUED', 'RUNNING'].includes(j.state) ? html`<button id="cancel" @click=${this.cancel}>Cancel</button>` : nothing}
      </section>` : nothing}
      <h2>Recent jobs</h2>
      <table id="jobs"><thead><tr><th scope="col">Path</th><th scope="col">State</th><th scope="col">Rows</th>
        <th scope="col">Finished</th></tr></thead>
        <tbody>${(this.jobs ?? []).map((x) => html`<tr><td>${x.path}</td><td>${x.state}</td>
          <td class="number">${x.rowsRead}</td><td>${x.finishedAt ?? ''}</td></tr>`)}</tbody></table>
      <h2>Dumps</h2>
      <table id="dumps"><thead><tr><th scope="col">Site</th><th scope="col">Dump</th><th scope="col">Questions</th>
        <th scope="col">Answers</th></tr></thead>
        <tbody>${(this.dumps ?? []).map((d) => html`<tr><td>${d.site}</td><td>${d.dumpDate ?? ''}</td>
          <td class="number">${d.questions}</td><td class="number">${d.answers}</td></tr>`)}</tbody></table>`;
  }
}

customElements.define('so-data-page', DataPage);
customElements.define('so-category-picker', CategoryPicker);
customElements.define('so-rounds-page', RoundsPage);
customElements.define('so-label-page', LabelPage);
customElements.define('so-round-page', RoundPage);
customElements.define('so-app', SoApp);
customElements.define('so-sign-in', SignInPage);
customElements.define('so-studies-page', StudiesPage);
customElements.define('so-set-page', SetPage);
customElements.define('so-question-page', QuestionPage);
