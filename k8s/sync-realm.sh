#!/bin/sh
# Regenerates k8s/base/keycloak-realm-import.json from infra/keycloak/chezhu-realm.json, the realm
# file ./chezhu imports locally. kustomize cannot read files outside k8s/, and the Keycloak
# Operator wants the realm inline in a KeycloakRealmImport, so the realm file is embedded here
# byte for byte between a fixed header and footer. k8s-tests fails when the two drift apart; run
# this script and commit the result whenever the realm file changes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
realm="$root/infra/keycloak/chezhu-realm.json"
out="$root/k8s/base/keycloak-realm-import.json"
{
  printf '%s\n' '{"apiVersion": "k8s.keycloak.org/v2alpha1", "kind": "KeycloakRealmImport",'
  printf '%s\n' ' "metadata": {"name": "chezhu", "labels": {"app.kubernetes.io/name": "keycloak", "app.kubernetes.io/part-of": "chezhu", "app.kubernetes.io/component": "identity-provider"}},'
  printf '%s\n' ' "spec": {"keycloakCRName": "keycloak", "realm":'
  cat "$realm"
  printf '\n%s\n' '}}'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
