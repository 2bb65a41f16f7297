"""A signed-in client whose profile asks for a language, for tests of what readers see."""


def reader(client_for, user, language):
    user.language = language
    user.save(update_fields=["language"])
    return client_for(user)
