#!/usr/bin/env bash
# Stops what start-test-cluster.sh started (slurmd, slurmctld, munged) and removes its folder.
DIR="${XMC_SLURM_DIR:-/tmp/xmcbench-slurm}"
for pid in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munge/munged.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
done
sleep 1
rm -rf "$DIR"
