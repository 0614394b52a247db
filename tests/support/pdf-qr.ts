/**
 * Reads a QR code the way a phone would see it on paper: page `pageNumber` of a PDF rendered by
 * pdf.js in Chromium, decoded with jsQR in the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Renders a page (the first by default) of a PDF with pdf.js in Chromium and decodes the QR code on it with jsQR, in the page. */
export async function qrCodeOnRenderedPdf(
  context: BrowserContext,
  pdf: Uint8Array,
  pageNumber = 1,
): Promise<{ decoded: string | null; inkPixels: number }> {
  const page = await context.newPage();
  // A throwaway origin serving pdf.js and jsQR from node_modules: nothing of the site is involved.
  const files: Record<string, [string, Buffer | string]> = {
    '/': ['text/html', '<!doctype html><html lang="vi"><title>PDF</title><canvas id="trang"></canvas></html>'],
    '/pdf.mjs': ['text/javascript', readFileSync(require.resolve('pdfjs-dist/build/pdf.mjs'))],
    '/pdf.worker.mjs': ['text/javascript', readFileSync(require.resolve('pdfjs-dist/build/pdf.worker.mjs'))],
    '/jsQR.js': ['text/javascript', readFileSync(require.resolve('jsqr/dist/jsQR.js'))],
  };
  await page.route('http://pdf-render.test/**', (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file
      ? route.fulfill({ status: 200, contentType: file[0], body: file[1] })
      : route.fulfill({ status: 404, body: '' });
  });
  await page.goto('http://pdf-render.test/');
  await page.addScriptTag({ url: '/jsQR.js' });
  const result = await page.evaluate(
    async ({ base64, number }) => {
      const pdfjsLib = await import('/pdf.mjs' as string);
      pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
      const data = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const document = await pdfjsLib.getDocument({ data }).promise;
      const pdfPage = await document.getPage(number);
      const viewport = pdfPage.getViewport({ scale: 2 });
      const canvas = window.document.getElementById('trang') as HTMLCanvasElement;
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      const context2d = canvas.getContext('2d')!;
      await pdfPage.render({ canvas, canvasContext: context2d, viewport }).promise;
      const image = context2d.getImageData(0, 0, canvas.width, canvas.height);
      let inkPixels = 0;
      for (let index = 0; index < image.data.length; index += 4) if (image.data[index] < 128) inkPixels += 1;
      const found = (
        window as unknown as {
          jsQR: (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
        }
      ).jsQR(image.data, image.width, image.height);
      return { decoded: found?.data ?? null, inkPixels };
    },
    { base64: Buffer.from(pdf).toString('base64'), number: pageNumber },
  );
  await page.close();
  return result;
}
