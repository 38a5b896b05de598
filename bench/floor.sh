#!/bin/sh
# The floor, (b): the terraform commands of a main-branch run typed by hand, after the project's
# own synth command. ops: init, select (create if missing), plan to a file, apply that file when it
# changes something; apps: init, select, plan. Usage: floor.sh PROJECT_DIR DEPLOYMENT_RECORD_JSON
set -eu
stacks="$1/cdktf.out/stacks"
record="$2"

cd "$stacks/ops"
terraform init -input=false
terraform workspace select -or-create ops
set +e
terraform plan -input=false -detailed-exitcode -out=floor.tfplan -var "cdktf_gitops_deployment=$record"
code=$?
set -e
if [ "$code" -eq 2 ]; then
  terraform apply -input=false floor.tfplan
elif [ "$code" -ne 0 ]; then
  exit "$code"
fi

cd "$stacks/apps"
terraform init -input=false
terraform workspace select -or-create apps
terraform plan -input=false -out=floor.tfplan -var "cdktf_gitops_deployment="
