#!/bin/sh
# The limit: only the terraform commands a main-branch run with nothing to change cannot do
# without: ops' plan (nothing to change: exit 0) and apps' plan, each directory already initialized
# with its workspace selected, no synth. Usage: limit.sh PROJECT_DIR OPS_DEPLOYMENT_RECORD_JSON
set -eu
stacks="$1/cdktf.out/stacks"
record="$2"

cd "$stacks/ops"
terraform plan -input=false -detailed-exitcode -out=limit.tfplan -var "cdktf_gitops_deployment=$record"

cd "$stacks/apps"
set +e
terraform plan -input=false -detailed-exitcode -out=limit.tfplan -var "cdktf_gitops_deployment="
code=$?
set -e
# apps is only ever planned on main: changes (2) are its normal result.
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then exit "$code"; fi
rm -f "$stacks/ops/limit.tfplan" "$stacks/apps/limit.tfplan"
