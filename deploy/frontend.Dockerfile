# syntax=docker/dockerfile:1
# SPA image: Vite build in Node, then an unprivileged nginx that serves dist/ and proxies /api.
# Build context: the repository root (see docker-compose.yml).

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
# Dependencies first: this layer is reused until the lock file changes.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27.5-alpine AS runtime
# Run as the image's `nginx` user (uid 101): pid file in /tmp, writable cache and conf.d (the entrypoint
# renders /etc/nginx/templates/*.template into conf.d with envsubst), no `user` directive.
RUN sed -i -e 's,^pid .*,pid /tmp/nginx.pid;,' -e '/^user /d' /etc/nginx/nginx.conf \
 && rm -f /etc/nginx/conf.d/default.conf \
 && chown -R nginx:nginx /var/cache/nginx /etc/nginx/conf.d
COPY deploy/nginx/default.conf.template /etc/nginx/templates/default.conf.template
# Run by the image's entrypoint before the templates: TRUSTED_PROXIES -> conf.d/00-trusted-proxies.conf.
COPY --chmod=0755 deploy/nginx/trusted-proxies.sh /docker-entrypoint.d/15-trusted-proxies.sh
# The API's Content-Security-Policy, the one text both send; with S3_PUBLIC_ENDPOINT ->
# conf.d/00-security-headers.conf.
COPY src/tortodelova/entrypoints/http/content_security_policy.txt /etc/nginx/content_security_policy.txt
COPY --chmod=0755 deploy/nginx/security-headers.sh /docker-entrypoint.d/16-security-headers.sh
COPY --from=build /app/dist /usr/share/nginx/html
# These fill the template; the filter keeps envsubst away from nginx's own $vars.
ENV BACKEND_URL=http://backend:8000 \
    NGINX_PORT=8080 \
    S3_UPSTREAM=http://minio:9000 \
    S3_BUCKET=tortodelova \
    NGINX_RESOLVER=127.0.0.11 \
    TRUSTED_PROXIES= \
    S3_PUBLIC_ENDPOINT= \
    NGINX_ENVSUBST_FILTER="BACKEND_URL|NGINX_PORT|S3_UPSTREAM|S3_BUCKET|NGINX_RESOLVER"
USER 101:101
EXPOSE 8080
