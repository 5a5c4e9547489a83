import express, { type Router } from 'express';
import * as path from 'node:path';
import { projectRoot } from '../config';

/** Files GraphiQL needs, served from node_modules: works on isolated networks (no CDN). */
const ASSETS: Record<string, string> = {
  'react.js': 'react/umd/react.production.min.js',
  'react-dom.js': 'react-dom/umd/react-dom.production.min.js',
  'graphiql.js': 'graphiql/graphiql.min.js',
  'graphiql.css': 'graphiql/graphiql.min.css',
};

const EXAMPLE = `# shudi 属地 — 谁负责、在哪里、何时 · who is responsible, where, and as of when
{
  jurisdiction(code: "370685") {
    name
    children { code name }
  }
}
`;

export function graphiqlHtml(endpoint: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>shudi 属地 · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)} }));
</script>
</body>
</html>`;
}

/** GET /graphql from a browser (no query) → GraphiQL; /graphiql/* → its files. */
export function graphiqlRouter(endpoint: string): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(ASSETS)) {
    const full = path.join(projectRoot(), 'node_modules', file);
    router.get(`/graphiql/${name}`, (_req, res) => res.sendFile(full, { maxAge: '1d' }));
  }
  router.get(endpoint, (req, res, next) => {
    if (req.query.query === undefined && req.accepts(['html', 'json']) === 'html') {
      res.type('html').send(graphiqlHtml(endpoint));
      return;
    }
    next();
  });
  return router;
}
