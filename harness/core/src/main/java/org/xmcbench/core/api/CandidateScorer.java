package org.xmcbench.core.api;

import org.xmcbench.core.data.CsrMatrix;

/**
 * Optional capability of a method: score a given candidate set per query instead of searching (PECOS's
 * "selected outputs" mode), e.g. to re-rank another method's shortlist.
 */
public interface CandidateScorer {
    /**
     * @param candidates queries x labels; the stored entries are the labels to score (values ignored)
     * @return the same structure with the method's scores as values
     */
    CsrMatrix scoreCandidates(TrainedModel model, Queries queries, CsrMatrix candidates, Params queryParams,
            RunContext ctx);
}
