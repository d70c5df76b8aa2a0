# Shiying worker and console image (one image, two commands; see docker-compose.yml).
FROM node:20-bookworm-slim AS base
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg espeak-ng sox fonts-lxgw-wenkai fonts-noto-cjk ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM base AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node node_modules/@remix-run/dev/dist/cli.js vite:build --config console/vite.config.ts \
 && npm prune --omit=dev --no-audit --no-fund \
 && node -e "require('fs').writeFileSync('node_modules/.shiying-lock-sha256', require('crypto').createHash('sha256').update(require('fs').readFileSync('package-lock.json')).digest('hex'))"

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "bin/shiying.js", "console"]
