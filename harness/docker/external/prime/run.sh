#!/bin/sh
# xmcbench external contract -> PRIME's runner (train encoder, train classifier, predict) on a dataset named
# `xmc-titles` ("title" in the name makes the runner extract titles). Layout `lf-json`: {trn,tst,lbl}.json.gz and
# the filter files. PRIME_CONFIG: the released config to follow (default LF-AmazonTitles-131K).
set -eu
WORK="$XMC_OUT/work"
DS=xmc-titles
mkdir -p "$WORK/data/$DS" "$WORK/code"
for f in "$XMC_DATA"/*; do ln -s "$f" "$WORK/data/$DS/"; done
touch "$WORK/data/$DS/filter_labels_train.txt" "$WORK/data/$DS/filter_labels_test.txt" 2>/dev/null || true
# The runner finds configs under its cwd and names them by dataset: give it a copy with ours added.
cp -r /opt/prime/prime/. "$WORK/code/"
cp "$WORK/code/configs/PRIME/${PRIME_CONFIG:-LF-AmazonTitles-131K}.json" "$WORK/code/configs/PRIME/$DS.json"
cd "$WORK/code"
t0=$(date +%s.%N)
python runner.py PRIME "$WORK" "$DS" 0 "${XMC_SEED:-0}"
t1=$(date +%s.%N)
cp "$WORK/results/PRIME/STransformer/$DS/v_0_${XMC_SEED:-0}/classifier/tst.pred.npz" "$XMC_OUT/predictions.npz"
# The runner trains and predicts in one process; log_predict.txt gives the average inference time per query,
# which times the number of test rows is the predict phase (and is subtracted from fit).
python3 - "$t0" "$t1" "$WORK" <<'PY'
import glob, json, os, re, sys
import scipy.sparse as sp
t0, t1, work = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
n = sp.load_npz(os.path.join(os.environ["XMC_OUT"], "predictions.npz")).shape[0]
ms = [float(x) for f in glob.glob(work + "/results/**/log_predict.txt", recursive=True)
      for x in re.findall(r"Avg\. inference time: ([0-9.]+) msec", open(f).read())]
predict = ms[-1] * n / 1000 if ms else 0.0
json.dump({"phases": {"fit": t1 - t0 - predict, "predict": predict}},
          open(os.path.join(os.environ["XMC_OUT"], "timings.json"), "w"))
PY
