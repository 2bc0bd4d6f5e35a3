def run_in_batches(model, batch, batch_size):
    """Run a scheduled job as batches of at most ``batch_size`` records.

    ``batch(limit)`` claims and processes one batch (rows claimed with ``SKIP
    LOCKED`` and marked as done, so overlapping runs share the work and a later
    run does nothing again) and returns ``(done, remaining)``.

    Run by the scheduler (``cron_id`` in the context) it processes one batch and
    reports it with ``ir.cron``'s progress API: the scheduler commits it and calls
    the job again while records remain, so every batch is its own transaction and
    a failure loses only the batch it is in. Called otherwise (the job's "Run
    Manually", a shell, a test) it processes every batch in the caller's
    transaction. Returns the number of records processed.
    """
    scheduled = bool(model.env.context.get("cron_id"))
    total = 0
    while True:
        done, remaining = batch(batch_size)
        total += done
        if scheduled or not done or not remaining:
            model.env["ir.cron"]._notify_progress(
                done=done if scheduled else total, remaining=remaining
            )
            return total
