#!/usr/bin/env bash
# A real single-node Slurm on loopback for tests and trials: installs Debian's slurmctld, slurmd and munge when
# missing (root), starts munged on a private socket and key, slurmctld and slurmd from a slurm.conf generated under
# a private folder, waits for the node to be idle, and prints the variable clients need:
#   eval "$(harness/slurm/start-test-cluster.sh)"      # then: sinfo, xmc run --suite S --backend slurm, ./mvnw verify
# Stop it with: harness/slurm/stop-test-cluster.sh
# Exits non-zero, saying why on stderr, where that is impossible.
set -euo pipefail
DIR="${XMC_SLURM_DIR:-/tmp/xmcbench-slurm}"
log() { echo "start-test-cluster: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "needs root (slurmd runs jobs as their users)"; exit 1; }
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
    || ! command -v sbatch >/dev/null; then
  log "installing slurmctld, slurmd, slurm-client and munge from Debian"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge; } >&2 \
    || { log "could not install Slurm"; exit 1; }
fi
export SLURM_CONF="$DIR/slurm.conf"
if [ -f "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null && sinfo -h >/dev/null 2>&1; then
  log "already running in $DIR"
  echo "export SLURM_CONF='$SLURM_CONF' XMC_SLURM_DIR='$DIR'"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
chmod 700 "$DIR/munge"
dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" status=none
chmod 400 "$DIR/munge/munge.key"
munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.sock" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed" \
  || { log "munged did not start"; exit 1; }
chmod 755 "$DIR/munge"
NODE="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat > "$SLURM_CONF" <<CONF
ClusterName=xmcbench-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.log
MinJobAge=600
KillWait=15
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" || { tail -n 20 "$DIR/slurmctld.log" >&2; log "slurmctld did not start"; exit 1; }
slurmd -f "$SLURM_CONF" -N "$NODE" || { tail -n 20 "$DIR/slurmd.log" >&2; log "slurmd did not start"; exit 1; }
for _ in $(seq 1 60); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1)"
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || { tail -n 20 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2; log "node not idle (state '$state')"; exit 1; }
log "cluster up: node $NODE, $CPUS CPUs, $MEM_MB MB, config $SLURM_CONF"
echo "export SLURM_CONF='$SLURM_CONF' XMC_SLURM_DIR='$DIR'"
