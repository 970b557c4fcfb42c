// The app's own origin. Renderer assets are served from app://fieldtape/ instead of file://, so the
// origin is stable, CSP applies, and permission and IPC sender checks have something exact to compare.
export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldtape';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
