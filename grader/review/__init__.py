"""The instructor's review: a batch folder's queue, decisions and overview (`grader review`,
`grader override`, `grader decisions`), all through grader.review.workspace."""
