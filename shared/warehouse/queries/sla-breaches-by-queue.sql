-- Service-level breaches of tasks by queue: every task that breached, and those still waiting
WITH latest AS (
  SELECT task_id, queue, status, sla_state,
         row_number() OVER (PARTITION BY task_id ORDER BY version DESC, changed_at DESC) AS rn
  FROM tasks
)
SELECT queue,
       count(*) AS tasks,
       sum(CASE WHEN sla_state = 'breached' THEN 1 ELSE 0 END) AS breached,
       sum(CASE WHEN sla_state = 'breached' AND status IN ('open', 'assigned') THEN 1 ELSE 0 END) AS breached_still_open,
       round(100.0 * sum(CASE WHEN sla_state = 'breached' THEN 1 ELSE 0 END) / count(*), 1) AS breached_percent
FROM latest
WHERE rn = 1 AND sla_state IS NOT NULL
GROUP BY queue
ORDER BY queue
