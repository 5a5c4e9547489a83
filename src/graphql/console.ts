import express, { type Router } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../config';

/**
 * The web console (src/console, built by `npm run build` into dist/console) at `/console`: hashed assets
 * cached for a year, every other path under /console answered with index.html (client-side routes).
 * Everything comes from the bundle: no CDN, so it works on an isolated network.
 */
export function consoleRouter(mount = '/console'): Router {
  const dir = path.join(projectRoot(), 'dist', 'console');
  const router = express.Router();
  // Express matches /console and /console/ alike: redirect only the bare one
  router.get(mount, (req, res, next) => (req.originalUrl.split('?')[0] === mount ? res.redirect(`${mount}/`) : next()));
  router.use(
    `${mount}/assets`,
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.get(`${mount}/{*rest}`, (_req, res) => {
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('控制台尚未构建，请运行 npm run build · the console is not built yet: run npm run build');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
