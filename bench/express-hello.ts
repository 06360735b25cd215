// The baseline: a bare Express 5 hello-world with every default left on (etag, x-powered-by).
import http from 'node:http';
import express from 'express';
import { listenAndReport } from './child';

const app = express();
app.get('/', (_req, res) => {
  res.send('Hello World');
});
listenAndReport(http.createServer(app));
