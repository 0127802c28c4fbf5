# The project's commands. Odoo 18.0 must be importable by $(PYTHON);
# tools/dev.sh says so in one line when it is not.
PYTHON ?= python3
export PYTHON
ADDONS := sales_claim_registration sales_public_pool sales_credit_split sales_claim_portal sales_pool_credit_split \
	sales_credit_split_commission

.PHONY: help run test lint dist bench db-start db-stop clean cluster-up cluster-down cluster-load

help:
	@echo "make run    - private PostgreSQL + Odoo with the addons and demo data on http://localhost:8069"
	@echo "              (RUN_LANG=zh_CN make run: in 简体中文, as a Chinese company)"
	@echo "make test   - throwaway database, every test with coverage, then clean up"
	@echo "make lint   - pre-commit (ruff, pylint-odoo, OCA checks)"
	@echo "make dist   - one wheel per addon in dist/"
	@echo "make bench  - benchmarks (SCALE=100000 by default)"
	@echo "make cluster-up / cluster-load / cluster-down - primary + replica, two HTTP nodes, two cron nodes (docs/DEPLOY.md)"

run:
	@tools/dev.sh run

test:
	@tools/dev.sh test $(PYTEST_ARGS)

lint:
	@tools/dev.sh check
	@$(PYTHON) -m pre_commit run --all-files --show-diff-on-failure

dist:
	@tools/dev.sh check
	@rm -rf dist && mkdir -p dist
	@for addon in $(ADDONS); do \
		$(PYTHON) -m build --wheel --no-isolation --outdir dist $$addon >.local/dist.log 2>&1 || { cat .local/dist.log; exit 1; }; \
	done
	@ls -1 dist/*.whl

SCALE ?= 100000
RUNS ?= 5
bench:
	@PG_FAST=1 tools/dev.sh pg-start
	@tools/dev.sh conf >/dev/null
	@$(PYTHON) bench/run.py --scale $(SCALE) --runs $(RUNS)

cluster-up:
	@tools/cluster.sh up

cluster-load:
	@tools/cluster.sh up
	@$(PYTHON) tools/cluster_load.py

cluster-down:
	@tools/cluster.sh down

db-start:
	@tools/dev.sh pg-start

db-stop:
	@tools/dev.sh pg-stop

clean:
	@tools/dev.sh pg-remove
	rm -rf .local dist .coverage htmlcov
