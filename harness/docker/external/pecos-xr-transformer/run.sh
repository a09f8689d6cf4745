#!/bin/sh
# xmcbench external contract -> PECOS XR-Transformer CLI. Layout `pecos`: X.{trn,tst}.txt (one text per line),
# X.{trn,tst}.npz (TF-IDF), Y.trn.npz. XRT_PARAMS: a params JSON inside the image (e.g. one of
# examples/xr-transformer-neurips21/params), else PECOS's defaults. XRT_TOPK: predictions kept (default 100).
set -eu
WORK="$XMC_OUT/work"
mkdir -p "$WORK"
now() { date +%s.%N; }
t0=$(now)
python3 -m pecos.xmc.xtransformer.train -t "$XMC_DATA/X.trn.txt" -x "$XMC_DATA/X.trn.npz" -y "$XMC_DATA/Y.trn.npz" \
  -m "$WORK/model" ${XRT_PARAMS:+--params-path "$XRT_PARAMS"}
t1=$(now)
python3 -m pecos.xmc.xtransformer.predict -t "$XMC_DATA/X.tst.txt" -x "$XMC_DATA/X.tst.npz" -m "$WORK/model" \
  -o "$XMC_OUT/predictions.npz" --only-topk "${XRT_TOPK:-100}"
t2=$(now)
python3 -c "import json,sys; a,b,c=map(float,sys.argv[1:]); \
json.dump({'phases': {'fit': b-a, 'predict': c-b}}, open('$XMC_OUT/timings.json','w'))" "$t0" "$t1" "$t2"
rm -rf "$WORK"
