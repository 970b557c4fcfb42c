// Drives the Destinations page the way a technician does: open it, add a destination, type the secret
// into "Secret access key" (it goes straight to the keychain), save. Shared by the e2e tests, the
// benchmark and the screenshot script.
import type { Page } from 'playwright-core';

export interface DestinationInput {
  name: string;
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secret: string;
}

export async function openDestinations(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Destinations', exact: true }).click();
  await page.getByRole('heading', { name: 'Destinations', exact: true }).waitFor();
}

export async function addDestinationInPage(page: Page, d: DestinationInput): Promise<void> {
  await openDestinations(page);
  await page.getByRole('button', { name: 'Add destination' }).click();
  await page.getByLabel('Name', { exact: true }).fill(d.name);
  await page.getByLabel('Endpoint URL').fill(d.endpoint);
  await page.getByLabel('Region', { exact: true }).fill(d.region);
  await page.getByLabel('Bucket', { exact: true }).fill(d.bucket);
  await page.getByLabel('Access key ID').fill(d.accessKeyId);
  await page.getByRole('textbox', { name: 'Secret access key' }).fill(d.secret);
  await page.getByRole('button', { name: 'Save destination' }).click();
  await page.getByRole('list', { name: 'Destinations' }).getByRole('listitem', { name: d.name }).waitFor({ timeout: 30_000 });
}
