import { html, nothing } from 'lit';
import { api } from './api.js';
import { Page, onlyRater, holds, READERS } from './page.js';
import './pages/sign-in.js';
import './pages/studies.js';
import './pages/question.js';
import './pages/labeling.js';
import './pages/data.js';
import './pages/pipeline.js';
import './pages/taxonomy.js';
import './main.css';

function route() {
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query ?? '') };
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
      // back from the identity provider: to the page the user was on when signing in
      const back = sessionStorage.getItem('so-return');
      sessionStorage.removeItem('so-return');
      if (back) {
        location.hash = back;
      }
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
          <nav aria-label="Main">${holds(this.me, ...READERS) ? html`<a href="#/">Studies</a>` : nothing}
            <a href="#/rounds">Labeling</a> <a href="#/taxonomies">Taxonomy</a>
            ${holds(this.me, ...READERS) ? html`<a href="#/data">Data</a> <a href="#/pipeline">Pipeline</a>` : nothing}</nav>
          <span class="who">${this.me.user} (${this.me.roles.join(', ')})</span>
          <button @click=${this.signOut}>Sign out</button>` : nothing}
      </header>
      <main>${signedIn ? this.page(first, rest) : html`<so-sign-in .failure=${first === 'sign-in' ? this.route.query.get('error') : null}
          @signed-in=${(e) => { this.me = e.detail; if (first === 'sign-in') { location.hash = '#/'; } }}></so-sign-in>`}</main>`;
  }

  page(first, rest) {
    const readers = ['studies', 'data', 'pipeline'].includes(first) || (!first && !onlyRater(this.me));
    if ((readers && !holds(this.me, ...READERS))
        || (first === 'rounds' && rest[0] === 'new' && !holds(this.me, 'admin', 'researcher'))) {
      return html`<h1>Not for your roles</h1><p role="alert">This page needs another role than yours
        (${this.me.roles.join(', ')}). <a href="#/rounds">Your labeling rounds</a></p>`;
    }
    if (first === 'studies' && rest[1] === 'sets') {
      return html`<so-set-page .study=${rest[0]} .set=${rest[2]} .site=${this.route.query.get('site') ?? ''}></so-set-page>`;
    }
    if (first === 'studies' && rest[0]) {
      return html`<so-study-page .study=${rest[0]} .site=${this.route.query.get('site') ?? ''}></so-study-page>`;
    }
    if (first === 'pipeline') {
      return html`<so-pipeline-page .me=${this.me}></so-pipeline-page>`;
    }
    if (first === 'taxonomies') {
      return html`<so-taxonomy-page .me=${this.me} .taxonomyId=${rest[0] ?? ''}></so-taxonomy-page>`;
    }
    if (first === 'rounds' && rest[0] === 'new') {
      return html`<so-round-setup .me=${this.me}></so-round-setup>`;
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

customElements.define('so-app', SoApp);
