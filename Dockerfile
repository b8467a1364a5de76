# Estu in a container: the built app (`npm run build`, then what `npm run start:built` runs), with MongoDB
# and Redis given by MONGODB_URI and REDIS_URL (docker-compose.yml sets both; without them Estu
# would try to build FerretDB with Go, which this image does not have).
FROM node:20-bookworm-slim AS base

# The lock file is written by npm 11 (README: Node.js 20.19+ and npm 11); node:20 ships npm 10.
RUN npm install --global npm@11.19.1 && npm cache clean --force
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# The compiler is a dev tool: JavaScript is built here and only dist/ goes on.
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.sh ./scripts/
COPY src ./src
RUN npm run build

FROM base
ENV NODE_ENV=production

# Dependencies first, so a change to the code reuses this layer. tsx stays a runtime dependency
# for the operators' commands (`npm run cli`), which run from the TypeScript sources.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY --from=build /app/dist ./dist
COPY data ./data
COPY flows ./flows
COPY locales ./locales
COPY scripts ./scripts

# Not root: the app only reads its files; tsx keeps its cache under /tmp.
USER node

ENV ESTU_HTTP_PORT=3000
EXPOSE 3000

# /health answers 503 when MongoDB or Redis does not answer within about a second.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.ESTU_HTTP_PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Estu stops cleanly on SIGTERM (bots, workers and the HTTP server closed in order). Node runs
# without npm in between, so the signal reaches the app itself (npm as the main process does not
# pass it on reliably); docker-compose.yml adds an init (`init: true`) to reap stray processes.
STOPSIGNAL SIGTERM
# What `npm run start:built` runs: the built app, ready sooner (about a second in the benchmark) than the
# sources run through tsx (README, Commands).
CMD ["node", "--enable-source-maps", "dist/main.js"]
