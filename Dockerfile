# Build: install everything, compile TypeScript, then keep only production dependencies.
# Node 24 is the supported LTS (.nvmrc, package.json engines, CI).
FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY tenants ./tenants
COPY migrations ./migrations
COPY admin ./admin
COPY themes ./themes
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

# Run: compiled code, themes and production dependencies, as the unprivileged node user, with
# pg_dump and pg_restore of the PostgreSQL that docker-compose.yml runs (17, Debian trixie's) for
# `cong backup` and `cong restore`.
FROM node:24-trixie-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-17 \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/themes ./themes
COPY --from=build /app/admin/views ./admin/views
COPY --from=build /app/admin/assets ./admin/assets
# The commands: node bin/cong.js setup|migrate|seed|backup|restore (or node dist/server/cli/<name>.js).
COPY --from=build /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "require('http').get('http://127.0.0.1:'+process.env.PORT+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=32", "dist/server/main.js"]
