# Dossier's container image: a build stage with the compiler toolchain (better-sqlite3 compiles SQLite from
# source where no prebuilt binary fits), then a slim runtime holding only production dependencies, the
# compiled code (dist/) and the starter knowledge base, run as the unprivileged `node` user.
#
#   docker build -t dossier .
#   docker run --rm -e DISCORD_TOKEN=… -v dossier-data:/app/data dossier
#
# Node 22 by default; --build-arg NODE_VERSION=20 or 24 picks another supported major.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    STORE_URL=sqlite:///app/data/dossier.sqlite \
    HTTP_PORT=8080 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
# Baked in so the image runs alone; mount a checkout over /app/knowledge to serve another (read-only is
# enough unless KNOWLEDGE_WRITABLE=true or PUBLISH_MODE=files).
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 and handles SIGTERM (interactions finish, the store closes, exit 0); a fatal error
# exits 1 so the restart policy starts it again.
CMD ["node", "--enable-source-maps", "dist/src/index.js"]
