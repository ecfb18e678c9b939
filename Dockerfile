# Production-like image: the API and the web app on one origin, against an external PostgreSQL (DATABASE_URL).
FROM node:20-bookworm-slim AS build
# pnpm pinned to the version the lockfile was written with (package.json engines.pnpm says the range).
RUN npm i -g pnpm@12.23.0
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm prune --prod

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "api/dist/main.js"]
