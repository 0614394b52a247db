/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port for single sign-on tests, with
 * its own accounts and claims, and a tiny browser (a cookie jar per origin, redirects followed by
 * hand) that goes through its development login and consent screens over plain HTTP.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './server.ts';

export interface TestProvider {
  issuer: string;
  stop(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/** Starts a provider whose accounts (by login name) carry these claims. */
export async function startTestProvider(
  accounts: Record<string, Record<string, unknown>>,
  client: TestClient,
): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'staff_code', 'national_id'], email: ['email', 'email_verified'] },
    findAccount: async (_context: unknown, id: string) =>
      accounts[id] ? { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) } : undefined,
    cookies: { keys: ['khoa-thu-nghiem-cookie'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser reduced to what the flow needs: cookies per origin (paths ignored), no automatic redirects. */
export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    return [...(this.jar.get(new URL(url).origin) ?? new Map())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    if (!this.jar.has(origin)) this.jar.set(origin, new Map());
    this.jar.get(origin)!.set(name, value);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookies = this.cookieHeader(url);
    if (cookies) headers.set('Cookie', cookies);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      const origin = new URL(url).origin;
      if (!this.jar.has(origin)) this.jar.set(origin, new Map());
      if (expired) this.jar.get(origin)!.delete(name);
      else this.jar.get(origin)!.set(name, value);
    }
    return response;
  }

  /**
   * From the provider's authorization address, through its login (as `login`) and consent
   * screens, to the address it sends the browser back to (returned, not fetched).
   */
  async throughProvider(authorizationUrl: string, login: string, returnPrefix: string): Promise<string> {
    let url = authorizationUrl;
    for (let step = 0; step < 12; step++) {
      if (url.startsWith(returnPrefix)) return url;
      const response = await this.fetch(url);
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url).href;
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !prompt)
        throw new Error(`unexpected page at the provider (${response.status}): ${html.slice(0, 300)}`);
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login, password: 'mat-khau-bat-ky' } : { prompt };
      const posted = await this.fetch(new URL(action, url).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
      if (posted.status < 300 || posted.status >= 400)
        throw new Error(
          `the provider refused the ${prompt} form: ${posted.status} ${(await posted.text()).slice(0, 300)}`,
        );
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('too many steps at the provider');
  }
}
