import { html, nothing } from 'lit';
import { Page, errorText } from '../page.js';
import { api } from '../api.js';

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
      ${this.provider ? html`<p><a class="button" id="provider-sign-in" href="/auth/oidc/sign-in"
        @click=${() => sessionStorage.setItem('so-return', location.hash.startsWith('#/sign-in') ? '#/' : location.hash)}>Sign in with
        ${new URL(this.provider.issuer).host}</a></p>` : nothing}
      ${this.users ? html`
        <p>This is the local stack: choose a demo user.</p>
        <ul class="users">
          ${this.users.map((u) => html`<li><button data-user=${u.user} @click=${() => this.signIn(u.user)}>
            ${u.user}</button> <span>${u.roles.join(', ')}</span></li>`)}
        </ul>` : nothing}`;
  }
}

customElements.define('so-sign-in', SignInPage);
