package org.xmcbench.methods.neural.train;

/**
 * Linear warm-up from 0 to the peak learning rate, then linear decay to 0 at the last step: the schedule of BERT
 * fine-tuning and of the XMC papers' released scripts ({@code get_linear_schedule_with_warmup}).
 */
public record LinearSchedule(float peak, int warmupSteps, int totalSteps) {
    public LinearSchedule {
        if (totalSteps < 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warm-up " + warmupSteps + " must be within " + totalSteps + " steps");
        }
    }

    /** Learning rate for the update that follows {@code step} completed updates (0-based). */
    public float at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int rest = totalSteps - warmupSteps;
        return rest <= 0 ? peak : peak * Math.max(0f, (float) (totalSteps - step) / rest);
    }
}
