"""Pure rules and the services that apply them. Never imports api or ui."""
