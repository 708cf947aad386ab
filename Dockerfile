# syntax=docker/dockerfile:1
# Marquee images. One build, four targets:
#   docker build --target api     -t marquee-api .      # HTTP API replica (reads film-index, answers related events)
#   docker build --target indexer -t marquee-indexer .  # consumes film-events, embeds, publishes film-index
#   docker build --target audience -t marquee-audience .  # consumes user-interactions into audience aggregates, recomputes themes
#   docker build --target marquee -t marquee .          # the API without KAFKA_BROKERS: everything in one process, demo catalogue
#                                                       # (NODE_ENV=production: run it with -e API_KEY=<16+ characters>)
# The embedding model is baked in from models/ (EMBEDDING_MODEL defaults to models/marquee-multilingual),
# so containers never download anything at run time.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# hnswlib-node is a native addon compiled by node-gyp during npm ci.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# onnxruntime-node ships its CPU binaries in the package; its install script would only fetch optional GPU files.
# npm 10 (bundled with Node 20) ignores package.json "allowScripts", hence the explicit switches.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    SCARF_ANALYTICS=false \
    DO_NOT_TRACK=1 \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
# `npm run build` emits the code and the imported JSON data, and copies what tsc does not compile
# (the embedding worker, the API's static pages) to the same place under dist/.
RUN npm run build \
 && test -f dist/apps/api/src/main.js \
 && test -f dist/apps/indexer/src/main.js \
 && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# TS_NODE_BASEURL makes tsconfig-paths resolve the @marquee/* aliases of tsconfig.json against dist/.
ENV NODE_ENV=production \
    TS_NODE_BASEURL=./dist \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Relative model paths (models/...) are resolved against the working directory, /app.
COPY models ./models
# The image's unprivileged "node" user (uid 1000) owns only the directory the service may write to.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

FROM runtime AS indexer
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "-r", "tsconfig-paths/register", "dist/apps/indexer/src/main.js"]

FROM runtime AS audience
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "-r", "tsconfig-paths/register", "dist/apps/audience/src/main.js"]

FROM runtime AS profiler
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "-r", "tsconfig-paths/register", "dist/apps/profiler/src/main.js"]

FROM runtime AS marquee
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "-r", "tsconfig-paths/register", "dist/apps/api/src/main.js"]

# Last, so that a plain `docker build .` gives the API.
FROM runtime AS api
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "-r", "tsconfig-paths/register", "dist/apps/api/src/main.js"]
