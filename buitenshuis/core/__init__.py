# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Small shared pieces that every app may use and that import no app: the
one error type of the rules, the work queue's item type and its discovery,
the content-free "something waits for you" e-mail, the client's address,
and amounts and dates written the Dutch way."""
