#!/bin/sh
# xmcbench external contract -> ELIAS's released recipe (run_benchmark.sh) on a dataset named `xmc`.
# Layout `pecos`: X.{trn,tst}.txt are the raw texts, X.trn.npz the BoW features ELIAS clusters on.
# ELIAS_CONFIGS: the folder of the released configs to follow (default LF-AmazonTitles-131K).
set -eu
CFG="${ELIAS_CONFIGS:-configs/LF-AmazonTitles-131K}"
WORK="$XMC_OUT/work"
mkdir -p "$WORK/Datasets/xmc/raw"
cd "$WORK"
for f in /opt/ELIAS/*; do ln -sf "$f" .; done   # ELIAS writes Results/ and reads Datasets/ relative to its cwd
D=Datasets/xmc
cp "$XMC_DATA/X.trn.txt" $D/raw/trn_X.txt
cp "$XMC_DATA/X.tst.txt" $D/raw/tst_X.txt
for f in X.trn.npz Y.trn.npz Y.tst.npz filter_labels_train.txt filter_labels_test.txt; do
  [ -f "$XMC_DATA/$f" ] && ln -s "$XMC_DATA/$f" $D/$f
done
now() { date +%s.%N; }
t0=$(now)
./prepare.sh xmc 32 bert-base-uncased
t1=$(now)
R=Results/ELIAS/xmc
python elias_utils.py gen_cluster_A $CFG/elias-1.yaml --no_model true --dataset xmc
python train.py $CFG/elias-1.yaml --dataset xmc
t2=$(now)
python elias_utils.py gen_approx_A $R/ELIAS-1/config.yaml
# The released stage-2 config points at another folder: name stage 1's outputs explicitly.
python train.py $CFG/elias-2.yaml --dataset xmc --resume_path $R/ELIAS-1/model.pt --A_init_path $R/ELIAS-1/A_approx.npz
t3=$(now)
python eval.py $R/ELIAS-2/config.yaml
t4=$(now)
cp $R/ELIAS-2/tst_score_mat.npz "$XMC_OUT/predictions.npz"
python3 -c "import json,sys; t=list(map(float,sys.argv[1:])); json.dump({'phases': {'fit': t[3]-t[0], \
'predict': t[4]-t[3], 'tokenise': t[1]-t[0], 'stage-1': t[2]-t[1], 'stage-2': t[3]-t[2]}}, \
open('$XMC_OUT/timings.json','w'))" "$t0" "$t1" "$t2" "$t3" "$t4"
