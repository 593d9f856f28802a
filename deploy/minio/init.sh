#!/bin/sh
# One-shot MinIO setup for tortodelova (runs in the minio/mc image; safe to run again).
#   1. the bucket $S3_BUCKET;
#   2. anonymous GET of its finished designs (designs/*) and nothing else: not the private uploads/
#      (reference photos, read through presigned URLs), no listing, no upload. (`mc anonymous set
#      download` would also grant anonymous s3:ListBucket, i.e. anyone could enumerate every design.)
#   3. the application's own access key, limited to that bucket, so the API and the workers never hold
#      the MinIO root credentials.
set -eu

: "${MINIO_URL:?MINIO_URL is required, e.g. http://minio:9000}"
: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is required}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is required}"
: "${S3_BUCKET:?S3_BUCKET is required}"
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY is required}"
: "${S3_SECRET_KEY:?S3_SECRET_KEY is required}"

# .env.example's values are public: a MinIO started with them is anyone's. (The application refuses
# its own placeholder secrets; this covers the root password, which only this script and MinIO see.)
refuse() {
    echo "minio-init: $1 / $2" >&2
    exit 1
}
for pair in "MINIO_ROOT_PASSWORD=$MINIO_ROOT_PASSWORD" "S3_SECRET_KEY=$S3_SECRET_KEY"; do
    case "$pair" in
        *[Cc][Hh][Aa][Nn][Gg][Ee]-[Mm][Ee]* | *[Cc][Hh][Aa][Nn][Gg][Ee][Mm][Ee]*)
            refuse "${pair%%=*}: значение-заглушка из .env.example, замените его (openssl rand -hex 32)" \
                "${pair%%=*}: placeholder from .env.example, replace it (openssl rand -hex 32)"
            ;;
    esac
done
if [ "${#MINIO_ROOT_PASSWORD}" -lt 16 ]; then
    refuse "MINIO_ROOT_PASSWORD: слишком короткий (нужно не меньше 16 символов)" \
        "MINIO_ROOT_PASSWORD: too short (at least 16 characters needed)"
fi

ALIAS=tortodelova
APP_POLICY=tortodelova-app
# The mc image is minimal (UBI micro): only shell builtins and mc are relied on below.
WORK_DIR="${WORK_DIR:-/tmp}"
export MC_CONFIG_DIR="${MC_CONFIG_DIR:-$WORK_DIR/.mc}"

mc alias set "$ALIAS" "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

mc mb --ignore-existing "$ALIAS/$S3_BUCKET"

printf '%s\n' \
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["*"]},' \
    ' "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::'"$S3_BUCKET"'/designs/*"]}]}' \
    >"$WORK_DIR/anonymous.json"
mc anonymous set-json "$WORK_DIR/anonymous.json" "$ALIAS/$S3_BUCKET"

if [ "$S3_ACCESS_KEY" = "$MINIO_ROOT_USER" ]; then
    echo "S3_ACCESS_KEY is the MinIO root user: no separate application key is created." >&2
    exit 0
fi

printf '%s\n' \
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"],' \
    ' "Resource": ["arn:aws:s3:::'"$S3_BUCKET"'", "arn:aws:s3:::'"$S3_BUCKET"'/*"]}]}' \
    >"$WORK_DIR/app-policy.json"
mc admin policy create "$ALIAS" "$APP_POLICY" "$WORK_DIR/app-policy.json"
# `user add` on an existing user updates its secret key, so a changed S3_SECRET_KEY takes effect.
mc admin user add "$ALIAS" "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
# A second attach fails with "The specified policy change is already in effect": that one is success.
if ! attach_output="$(mc admin policy attach "$ALIAS" "$APP_POLICY" --user "$S3_ACCESS_KEY" 2>&1)"; then
    case "$attach_output" in
        *"already in effect"* | *"has no net effect"*) ;;
        *) echo "$attach_output" >&2; exit 1 ;;
    esac
fi

echo "MinIO ready: bucket $S3_BUCKET (anonymous read of designs/ only), application key $S3_ACCESS_KEY."
