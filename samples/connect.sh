#!/usr/bin/env bash
# Connect to BoneMets.Fhir as a SMART Backend Services client with openssl and curl only
# (docs/integration-guide.md, "Connecting"). RS384, because openssl's RSA signature is already what a JWS needs.
#
#   samples/connect.sh keys  CLIENT_ID                       make CLIENT_ID.key.pem (keep it) and CLIENT_ID.jwks.json
#                                                           (send the JWKS to the program, or serve it at your JwksUrl)
#   samples/connect.sh token CLIENT_ID FHIR_BASE [SCOPES]    print an access token (default scopes: post referrals, read Tasks)
#   samples/connect.sh post  CLIENT_ID FHIR_BASE FILE        get a token and post FILE to FHIR_BASE/$process-message
#
# FHIR_BASE is the service's FHIR base, e.g. https://bonemets.example.org/fhir. Keys are read from the current directory.
set -euo pipefail

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hex_to_bytes() { local hex; hex=$(cat); printf '%b' "$(printf '%s' "$hex" | sed 's/../\\x&/g')"; }

keys() {
  local id=$1
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$id.key.pem" 2>/dev/null
  chmod 600 "$id.key.pem"
  local n kid
  n=$(openssl rsa -in "$id.key.pem" -noout -modulus | cut -d= -f2 | hex_to_bytes | b64url)
  kid="$id-$(date -u +%Y%m%d)"
  printf '%s' "$kid" > "$id.kid"
  printf '{"keys":[{"kty":"RSA","alg":"RS384","use":"sig","kid":"%s","n":"%s","e":"AQAB"}]}\n' "$kid" "$n" > "$id.jwks.json"
  echo "wrote $id.key.pem (private: keep it) and $id.jwks.json (public: register it) with kid $kid" >&2
}

token() {
  local id=$1 base=${2%/} scopes=${3:-"system/ServiceRequest.c system/Task.rs"}
  local endpoint
  endpoint=$(curl -sf "$base/.well-known/smart-configuration" | grep -o '"token_endpoint":"[^"]*"' | cut -d'"' -f4)
  [ -n "$endpoint" ] || { echo "no token_endpoint in $base/.well-known/smart-configuration" >&2; exit 1; }
  local now header payload input signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS384","typ":"JWT","kid":"%s"}' "$(cat "$id.kid")" | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","aud":"%s","exp":%d,"jti":"%s"}' "$id" "$id" "$endpoint" $((now + 240)) "$(openssl rand -hex 16)" | b64url)
  input="$header.$payload"
  signature=$(printf '%s' "$input" | openssl dgst -sha384 -sign "$id.key.pem" | b64url)
  local answer
  answer=$(curl -s -X POST "$endpoint" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-urlencode grant_type=client_credentials --data-urlencode "scope=$scopes" \
    --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
    --data-urlencode "client_assertion=$input.$signature")
  local access
  access=$(printf '%s' "$answer" | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4 || true)
  [ -n "$access" ] || { echo "token refused: $answer" >&2; exit 1; }
  printf '%s\n' "$access"
}

post() {
  local id=$1 base=${2%/} file=$3 access
  access=$(token "$id" "$base" "system/ServiceRequest.c")
  curl -s -X POST "$base/\$process-message" -H "Authorization: Bearer $access" \
    -H 'Content-Type: application/fhir+json' --data-binary "@$file"
  echo
}

case "${1:-}" in
  keys) keys "${2:?client id}" ;;
  token) token "${2:?client id}" "${3:?FHIR base}" "${4:-}" ;;
  post) post "${2:?client id}" "${3:?FHIR base}" "${4:?message file}" ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
