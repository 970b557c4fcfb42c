// Drives the Destinations page in Chromium the way a technician does: used by the e2e tests and by the
// screenshot script (docs/app.md), so the pictures show what the tests check. Only accessible names and
// labels are used, the same ones external tests rely on.
import type { Page } from 'playwright-core';

export interface DestinationInput {
  name: string;
  /** Empty or undefined: AWS S3. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  /** Typed into "Secret access key" (a new destination, or after Replace secret). */
  secret?: string;
  keyTemplate?: string;
}

export async function openDestinations(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Destinations', exact: true }).click();
  await page.getByRole('heading', { name: 'Destinations', exact: true }).waitFor();
}

/** Fills the open destination form (new or edit); fields left undefined are not touched. */
export async function fillDestination(page: Page, input: Partial<DestinationInput>): Promise<void> {
  const form = page.getByRole('form');
  if (input.name !== undefined) await form.getByLabel('Name', { exact: true }).fill(input.name);
  if (input.endpoint !== undefined) await form.getByLabel('Endpoint URL').fill(input.endpoint);
  if (input.region !== undefined) await form.getByLabel('Region').fill(input.region);
  if (input.bucket !== undefined) await form.getByLabel('Bucket', { exact: true }).fill(input.bucket);
  if (input.accessKeyId !== undefined) await form.getByLabel('Access key ID').fill(input.accessKeyId);
  if (input.keyTemplate !== undefined) await form.getByLabel('Key template').fill(input.keyTemplate);
  if (input.secret !== undefined) {
    const field = form.getByRole('textbox', { name: 'Secret access key' });
    if (!(await field.isVisible())) await form.getByRole('button', { name: 'Replace secret' }).click();
    await field.fill(input.secret);
  }
}

/** Adds a destination through the page: Add destination, fill, Save destination, wait until it is listed. */
export async function addDestination(page: Page, input: DestinationInput): Promise<void> {
  await openDestinations(page);
  if (!(await page.getByRole('form').isVisible())) await page.getByRole('button', { name: 'Add destination' }).click();
  await fillDestination(page, input);
  await page.getByRole('button', { name: 'Save destination' }).click();
  await page.getByRole('status').filter({ hasText: `Added ${input.name}.` }).waitFor();
  await page.getByRole('list', { name: 'Destinations' }).getByRole('heading', { name: input.name }).waitFor();
}

/** Presses Test connection and returns the result's text once it shows ('ok' or the cause, and the words). */
export async function testConnection(page: Page, timeoutMs = 45_000): Promise<{ cause: string; text: string }> {
  const form = page.getByRole('form');
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.locator('.test-result, [role="alert"]').first();
  await result.waitFor({ timeout: timeoutMs });
  return { cause: (await result.getAttribute('data-cause')) ?? 'not-tested', text: (await result.innerText()).trim() };
}

/**
 * The screenshot of the Destinations page for docs/app.md: the list and, when `form` is given, the form
 * filled with it (and tested, when `test` is true). Writes a PNG to `file`.
 */
export async function screenshotDestinations(page: Page, file: string, options: { form?: Partial<DestinationInput>; test?: boolean; width?: number } = {}): Promise<void> {
  await page.setViewportSize({ width: options.width ?? 1200, height: 900 });
  await openDestinations(page);
  if (options.form) {
    const editing = page.getByRole('form');
    if (!(await editing.isVisible())) await page.getByRole('button', { name: 'Add destination' }).click();
    await fillDestination(page, options.form);
    if (options.test) await testConnection(page);
  }
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: file, fullPage: true });
}
