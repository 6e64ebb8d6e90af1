# streamlab: `make help` lists every target.
#   TARGET=local (default) runs on the offline emulator; TARGET=aws deploys to your AWS account.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TARGET   ?= local
INSTANCE ?= $(TARGET)
PORT     ?= 4566
EMAIL    ?=
TF_EXTRA ?=
# Your values for the AWS target (git-ignored); `make rehearse` uses the example.
AWS_VARS_FILE ?= terraform.tfvars

STATE_DIR := .streamlab/$(INSTANCE)
TF_CLI    := $(CURDIR)/.streamlab/terraformrc
SECRET    := $(STATE_DIR)/webhook-secret
# make test runs Terraform at a lower CPU priority (TF_NICE="nice -n 10"): its
# applies wait for nothing, while the tests beside them wait with time limits.
TF_NICE   ?=
# The local target's provider finds the emulator through AWS_ENDPOINT_URL, the AWS SDKs' own
# setting, read from the instance's endpoints.tfvars.json (your shell's service-specific
# AWS_ENDPOINT_URL_* are unset: they would win over it). Not an `endpoints` block in the
# provider: validating that block took 3.9 s at each provider start that configures it, one per
# plan and two per apply (docs/local-runtime.md, "Terraform's AWS provider without an `endpoints` block").
TF_ENDPOINT := $(if $(filter local,$(TARGET)),env $(foreach v,$(filter AWS_ENDPOINT_URL_%,$(.VARIABLES)),-u $(v)) AWS_ENDPOINT_URL="$$(sed -nE 's/.*"local_endpoint": *"([^"]+)".*/\1/p' $(STATE_DIR)/endpoints.tfvars.json 2>/dev/null)")
TF        := AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true TF_VAR_webhook_secret="$$(cat $(SECRET) 2>/dev/null)" TF_CLI_CONFIG_FILE=$(TF_CLI) TF_DATA_DIR=$(CURDIR)/$(STATE_DIR)/tf-data TF_IN_AUTOMATION=1 $(TF_ENDPOINT) $(TF_NICE) terraform -chdir=terraform
# Terraform without a target or state, for `make validate`.
TF_VALIDATE := TF_CLI_CONFIG_FILE=$(TF_CLI) TF_DATA_DIR=$(CURDIR)/.streamlab/validate/tf-data terraform -chdir=terraform
# `terraform init` only when it has something to do: the first time, or after
# a .tf file, the provider lock or the state's path changed. It costs about
# 2 CPU-s, and make test runs about 25 applies and destroys through make.
TF_STATE_PATH := $(CURDIR)/$(STATE_DIR)/terraform.tfstate
TF_INIT_STAMP := $(STATE_DIR)/tf-data/initialized
TF_INIT = if [ "$$(cat $(TF_INIT_STAMP) 2>/dev/null)" != "$(TF_STATE_PATH)" ] || [ terraform/.terraform.lock.hcl -nt $(TF_INIT_STAMP) ] \
	  || [ -n "$$(find terraform -name '*.tf' -newer $(TF_INIT_STAMP) -print -quit)" ]; then \
	  $(TF) init -input=false -no-color -backend-config=path=$(TF_STATE_PATH) -reconfigure >$(STATE_DIR)/init.log \
	  && echo "$(TF_STATE_PATH)" >$(TF_INIT_STAMP) || { cat $(STATE_DIR)/init.log; exit 1; }; fi
# Lab 3's delivery_mode and ingest_paths, as scripts/migrate.ts left them for this instance.
LAB3_VARS := $(STATE_DIR)/lab3.tfvars.json
TF_VARS   := -var-file=targets/$(TARGET).tfvars $(if $(filter local,$(TARGET)),-var-file=$(CURDIR)/$(STATE_DIR)/endpoints.tfvars.json,$(if $(wildcard terraform/$(AWS_VARS_FILE)),-var-file=$(AWS_VARS_FILE))) $(if $(wildcard $(LAB3_VARS)),-var-file=$(CURDIR)/$(LAB3_VARS)) $(TF_EXTRA)
# node --import tsx, not the tsx CLI: the CLI is one more Node process per command.
TSX       := AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true STREAMLAB_INSTANCE=$(INSTANCE) node --import tsx

# Terraform, its AWS provider and esbuild are Go programs: collecting garbage at
# 4x the heap instead of 2x cuts a plan's CPU by about a quarter (9.2 -> 7.1
# CPU-s for the labs' 120 resources) for about 180 MB more memory.
export GOGC ?= 400

# The TypeScript unit tests (make unit, local/test.sh): everything *.test.ts that needs no emulator.
export UNIT_TESTS := (packages|lambdas|scripts|tools|local|console/server|terraform/helpers|tests/docs)/.*\.test\.ts$$

ifeq ($(filter $(TARGET),local aws),)
$(error TARGET must be local or aws, not "$(TARGET)")
endif

.PHONY: test-all lint unit patches help install installed build up down status apply plan-check state validate destroy snapshot restore snapshots forget reset demo rehearse test docs-test bench confirm outbox trace hops stress console browser fmt clean

help: ## List the targets
	@echo "streamlab: make TARGET [TARGET=local|aws]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

INSTALLED := node_modules/.installed local/lambda-env/node_modules/.installed .venv/.installed $(TF_CLI)
# The three installs wait on downloads and disks more than on the CPU: side by
# side, a fresh clone is ready about 20 s sooner (each one's output kept together).
install: ## Install Node packages, Lambda's Node runtimes and SDK, the emulator venv and the Terraform CLI config
	@$(MAKE) --no-print-directory -j4 --output-sync=target installed
installed: $(INSTALLED)
	@:

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# What Lambda's Node.js runtimes give a function: Node 20, 22 and 24, and the AWS SDK v3.
local/lambda-env/node_modules/.installed: local/lambda-env/package.json local/lambda-env/package-lock.json
	npm ci --prefix local/lambda-env --no-audit --no-fund
	@touch $@

# pip installs only uv (pinned); uv installs the rest: the same wheels, about a
# tenth of pip's CPU and a sixth of its time (make test starts sooner).
.venv/.installed: local/requirements.txt local/requirements-dev.txt local/requirements-uv.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r local/requirements-uv.txt
	.venv/bin/uv pip install --quiet --native-tls --compile-bytecode --python .venv/bin/python -r local/requirements.txt -r local/requirements-dev.txt
	@touch $@

$(TF_CLI): local/terraform-cli-config.sh
	@bash local/terraform-cli-config.sh $@

# Lab 3's webhook secret: random per instance, git-ignored, never printed.
# A webhook_secret in terraform/terraform.tfvars takes precedence.
$(SECRET):
	@mkdir -p $(STATE_DIR) && umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" >$@

build: node_modules/.installed ## Bundle every Lambda into build/lambdas/<name>.zip (again only when a source changed)
	@$(TSX) lambdas/build.ts

up: install ## Start the local emulator and runtime (PORT=4566)
	@bash local/up.sh $(INSTANCE) $(PORT)

down: ## Stop the local emulator and runtime
	@bash local/down.sh $(INSTANCE)

status: ## Show what runs and what is deployed
	@$(TSX) scripts/status.ts --target $(TARGET)

apply: install build $(SECRET) $(if $(filter local,$(TARGET)),up) ## Deploy with Terraform (TARGET=aws for your AWS account)
	@mkdir -p $(STATE_DIR)
	@$(TF_INIT)
	@echo "terraform apply ($(TARGET), instance $(INSTANCE)): about 90 s the first time; full log $(STATE_DIR)/apply.log"
	@set -o pipefail; $(TF) apply -input=false -auto-approve -json $(TF_VARS) | $(TSX) tools/terraform-summary.ts --log $(STATE_DIR)/apply.log
	@$(TF) output -json >$(STATE_DIR)/outputs.json
	@echo "Outputs saved to $(STATE_DIR)/outputs.json; the scripts read them."

plan-check: $(SECRET) ## Check that a plan after apply has no changes (exit 2 if it has)
	@$(TF) plan -input=false -detailed-exitcode -no-color $(TF_VARS) >$(STATE_DIR)/plan.log; code=$$?; \
	  if [ $$code -eq 0 ]; then echo "plan: no changes"; else cat $(STATE_DIR)/plan.log; exit $$code; fi

state: ## Print the target's Terraform state as JSON (terraform show -json)
	@$(TF) show -json

validate: install ## Check the Terraform code without a target (init -backend=false, then validate)
	@mkdir -p .streamlab/validate
	@$(TF_VALIDATE) init -backend=false -input=false -no-color >.streamlab/validate/init.log 2>&1 || { cat .streamlab/validate/init.log; exit 1; }
	@$(TF_VALIDATE) validate -no-color

destroy: install $(SECRET) ## Remove everything Terraform created on the target
	@mkdir -p $(STATE_DIR)
	@$(TF_INIT)
	@echo "terraform destroy ($(TARGET), instance $(INSTANCE)): about 40 s; full log $(STATE_DIR)/destroy.log"
	@set -o pipefail; STREAMLAB_DRAIN=skip $(TF) destroy -input=false -auto-approve -json $(TF_VARS) | $(TSX) tools/terraform-summary.ts --log $(STATE_DIR)/destroy.log
	@rm -f $(STATE_DIR)/outputs.json $(LAB3_VARS)

snapshot: install ## Save the whole local instance as one file: make snapshot NAME=before-poison (.streamlab/snapshots/NAME.tgz)
	@bash local/snapshots.sh save $(INSTANCE) "$(NAME)"

restore: install ## Bring a saved instance back, as it was: make restore NAME=before-poison (replaces the running one)
	@bash local/snapshots.sh restore $(INSTANCE) $(PORT) "$(NAME)"
	@rm -f $(TF_INIT_STAMP) && $(TF_INIT)

snapshots: ## List the saved snapshots
	@bash local/snapshots.sh list

forget: install ## Stop the local instance, delete everything it remembers (cloud, Terraform state, outbox), start it empty
	@bash local/snapshots.sh forget $(INSTANCE) $(PORT)

reset: install ## Empty the labs' tables, queues, DLQs, outbox and trace (no re-apply)
	@$(TSX) scripts/reset.ts --target $(TARGET)

demo: apply ## Run labs 1, 2 and 3 end to end on the target (the default: offline)
	@$(TSX) scripts/demo.ts --target $(TARGET)

rehearse: install build ## Rehearse the AWS track for free: TARGET=aws applied unchanged to a fresh emulator, every step run, then destroyed
	@bash local/rehearse.sh

lint: install ## Lint: types (tsc --build), Biome (TypeScript), ruff and mypy (the emulator), terraform fmt
	@node_modules/.bin/tsc --build && echo "tsc --build: every project type-checks, no import runs back up"
	@node_modules/.bin/biome lint --error-on-warnings .
	@.venv/bin/ruff check .
	@.venv/bin/mypy
	@TF_CLI_CONFIG_FILE=$(TF_CLI) terraform fmt -check -recursive terraform && echo "terraform fmt: clean"

unit: install ## Unit tests without an emulator: TypeScript (uvu) and the emulator's patches against moto (pytest)
	@env -u FORCE_COLOR node --import tsx node_modules/uvu/bin.js . '$(UNIT_TESTS)'
	@cd local && ../.venv/bin/python -m pytest -q -p no:cacheprovider emulator

patches: .venv/.installed ## List every patch the emulator makes to moto, and check each against the installed moto
	@STREAMLAB_NUDGE_PORT=9 STREAMLAB_RUNTIME_PORT=9 STREAMLAB_CONSOLE_URL=http://127.0.0.1:9/ PYTHONPATH=local .venv/bin/python -m emulator.registry

test: ## Run every check: types, Terraform, checkov, unit, integration and conformance tests
	@bash local/test.sh

test-all: ## make test with every docs block, the slow ones too (about 40 min; quote it in a docs change's note)
	@STREAMLAB_DOCS_FULL=1 bash local/test.sh

docs-test: install build ## Run every command block of README.md and docs/lab-*.md and compare its output (DOCS_ARGS="--fast --page lab-1")
	@$(TSX) tests/docs/run.ts $(DOCS_ARGS)

bench: apply ## Measure the local target and write docs/benchmarks.md (BENCH_ARGS="--setup" adds make demo timings)
	@$(TSX) tools/bench/main.ts $(BENCH_ARGS)

confirm: ## Confirm an email subscription from its outbox email (EMAIL=you@example.com)
	@$(TSX) scripts/confirm-subscription.ts --target $(TARGET) $(if $(EMAIL),--email $(EMAIL))

outbox: ## List the emails in the local outbox
	@$(TSX) scripts/outbox.ts --target $(TARGET)

console: ## Open the lab console (local: started by make up on PORT+3; TARGET=aws: read-only, in the foreground)
ifeq ($(TARGET),local)
	@. local/ports.sh; ports_of $(PORT); url=http://127.0.0.1:$$console_port/; echo "lab console: $$url"; \
	  command -v xdg-open >/dev/null && xdg-open "$$url" >/dev/null 2>&1 || echo "(open it in your browser)"
else
	@. local/ports.sh; ports_of $(PORT); node console/build.mjs $(STATE_DIR)/console && echo "lab console (read-only, your AWS credentials): http://127.0.0.1:$$console_port/  Ctrl-C stops it" && \
	  STREAMLAB_ROOT=$(CURDIR) STREAMLAB_TARGET=aws STREAMLAB_INSTANCE=$(INSTANCE) STREAMLAB_CONSOLE_PORT=$$console_port AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node $(STATE_DIR)/console/server.mjs
endif

browser: ## Install Debian's Chromium for the console's browser tests (make test runs it; needs root and apt)
	@command -v chromium >/dev/null || { echo "installing chromium (apt)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version 2>/dev/null

trace: ## Follow the runtime's invocations, retries, bisects and hand-offs
	@$(TSX) scripts/trace.ts --target $(TARGET)

hops: ## Count every hop of lab 2's path on the local emulator: published, delivered, received, deleted, DLQ, written
	@$(TSX) scripts/hops.ts --target $(TARGET)

stress: apply ## Lab 2 under stress: bursts of 1,000 orders, each counted stored, in the DLQ or lost (STRESS_ARGS="--all --bursts 20")
	@$(TSX) scripts/stress-orders.ts $(STRESS_ARGS)

fmt: ## Format the Terraform code
	terraform fmt -recursive terraform

clean: down ## Stop the local target and delete build output and everything the instance remembers
	@echo "deleting build/ and .streamlab/$(INSTANCE)/ (its cloud, Terraform state, outbox, logs); snapshots in .streamlab/snapshots/ stay"
	@rm -rf build .streamlab/$(INSTANCE)
