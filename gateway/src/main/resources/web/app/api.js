// Calls the gateway's API with the session cookie (HttpOnly: this script never sees the token). A call that
// changes something says so with the header a cross-site form cannot send.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * An expired session is renewed once with the identity provider's refresh token (its cookie goes only to
 * /auth/oidc); when that fails, the application is told to sign in again.
 */
async function renewed() {
  const response = await fetch('/auth/oidc/refresh', {
    method: 'POST', headers: { 'X-Requested-With': 'so-mining' }, credentials: 'same-origin',
  });
  return response.status === 204;
}

export async function api(path, options = {}, retried = false) {
  const { method = 'GET', body, accept = 'application/json' } = options;
  const headers = { Accept: accept };
  if (method !== 'GET') {
    headers['X-Requested-With'] = 'so-mining';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !path.startsWith('/auth/')) {
    if (!retried && await renewed()) {
      return api(path, options, true);
    }
    window.dispatchEvent(new CustomEvent('so-signed-out'));
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (notJson) {
      // no problem document: the status says it
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) {
    return null;
  }
  return accept === 'application/json' ? response.json() : response.text();
}

/**
 * Sends a form with a file (multipart), reporting the bytes sent as they go: fetch cannot report upload progress,
 * XMLHttpRequest can.
 */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('X-Requested-With', 'so-mining');
    request.setRequestHeader('Accept', 'application/json');
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (notJson) {
        // the status says it
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body);
      } else {
        reject(new ApiError(request.status, body));
      }
    };
    request.onerror = () => reject(new ApiError(0, { detail: 'the upload was interrupted' }));
    request.send(form);
  });
}

/** Saves text as a file the browser downloads. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
