import base64

from tests.api.conftest import World


def test_missing_key_is_a_401_in_stripes_shape(world: World) -> None:
    response = world.client.get("/v1/accounts")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
    assert "API key" in response.json()["error"]["message"]


def test_wrong_key_is_a_401_that_does_not_echo_the_key(world: World) -> None:
    response = world.client.get("/v1/accounts", auth=("sk_test_wrongwrongwrongwrong1234", ""))
    assert response.status_code == 401
    assert "wrongwrongwrong" not in response.json()["error"]["message"]


def test_basic_and_bearer_auth_both_work(world: World) -> None:
    basic = base64.b64encode(f"{world.secret_key}:".encode()).decode()
    assert world.client.get("/v1/accounts", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    assert world.client.get("/v1/accounts", headers={"Authorization": f"Bearer {world.secret_key}"}).status_code == 200


def test_every_response_has_a_request_id(world: World) -> None:
    for response in (world.get("/v1/accounts"), world.client.get("/v1/accounts"), world.get("/v1/nope")):
        assert response.headers["Request-Id"].startswith("req_")


def test_unknown_urls_answer_404_in_stripes_shape(world: World) -> None:
    response = world.get("/v1/charges_that_do_not_exist")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "Unrecognized request URL" in response.json()["error"]["message"]


def test_json_bodies_are_refused(world: World) -> None:
    response = world.client.post(
        "/v1/account_sessions", json={"account": world.account.id}, auth=(world.secret_key, "")
    )
    assert response.status_code == 400


def test_the_hot_read_path_refuses_keys_exactly_as_the_others(world: World) -> None:
    """GET /v1/balance authenticates without the ORM: its refusals must be the same, byte for byte."""
    headers = {"Stripe-Account": world.account.id}
    for auth in (None, ("sk_test_wrongwrongwrongwrong1234", "")):
        hot = world.client.get("/v1/balance", headers=headers, auth=auth)
        orm = world.client.get("/v1/accounts", auth=auth)
        assert hot.status_code == orm.status_code == 401
        assert hot.json() == orm.json()
    unknown = world.get("/v1/balance", **{"Stripe-Account": "acct_1NoSuchAccount00"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "account_invalid"
