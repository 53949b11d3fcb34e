import type { Children } from '@kitajs/html';

export function Layout({ title, children }: { title: string; children: Children }) {
  return (
    <>
      {'<!DOCTYPE html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{title} · commcare-utils</title>
        </head>
        <body>
          <main style="max-width: 48rem; margin: 2rem auto; font-family: system-ui, sans-serif; line-height: 1.5">
            {children}
          </main>
        </body>
      </html>
    </>
  );
}
