# syntax=docker/dockerfile:1
# Shiying's one image for the worker, the console and operator commands (docker-compose.yml picks
# the command). Three stages: production dependencies, a build with every dependency (the console
# build needs Remix and Vite), and the runtime: Node, ffmpeg, espeak-ng, sox, the subtitle and CJK
# fonts, the PostgreSQL 15 client (for `shiying backup`/`restore`), production dependencies only,
# running as the unprivileged `node` user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
# nodejieba builds from source (node-gyp); these are needed to build, never to run.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 g++ make ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
COPY platform/patches ./platform/patches
# The postgres.js fix is applied here: the runtime user cannot write node_modules.
RUN npm ci --omit=dev --no-audit --no-fund \
 && node platform/patches/postgres-closed-socket.mjs \
 && node -e "const fs=require('fs');fs.writeFileSync('node_modules/.shiying-lock-sha256',require('crypto').createHash('sha256').update(fs.readFileSync('package-lock.json')).digest('hex'))"

FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:console

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg espeak-ng sox fonts-lxgw-wenkai fonts-noto-cjk postgresql-client-15 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    SHIYING_MEDIA_ROOT=/media
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/platform ./platform
COPY --from=build /app/corpus ./corpus
COPY --from=build /app/prompts ./prompts
COPY --from=build /app/workflows ./workflows
COPY --from=build /app/activities ./activities
COPY --from=build /app/productions ./productions
COPY --from=build /app/console ./console
COPY --from=build /app/deploy ./deploy
# The console build must be newer than every source it was built from, or `shiying console`
# would try to rebuild it (without the dev dependencies this image leaves out). Named volumes
# mounted at /media and /backups start with these folders' owner: the `node` user, who may also
# write the render workers' bundle cache (node_modules/.cache/shiying); the code stays root's.
RUN find console/build -exec touch {} + \
 && mkdir -p /media /backups node_modules/.cache \
 && chown node:node /media /backups node_modules/.cache
USER node
EXPOSE 3000
CMD ["node", "bin/shiying.js", "console"]
