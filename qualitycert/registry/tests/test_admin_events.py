"""Certificate events in the back office: history that nobody edits."""

from qualitycert.registry.models import CertificateEvent

URL = "/admin/registry/certificateevent/"


def test_bureau_lists_every_event(client_for, supervisor, cert_a, cert_b):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2


def test_cb_lists_its_own_bodys_events(client_for, cb_bob, cert_a, cert_b):
    response = client_for(cb_bob).get(URL)
    assert [e.certificate_id for e in response.context["cl"].result_list] == [cert_b.pk]
    event_a = cert_a.events.get()
    assert client_for(cb_bob).get(f"{URL}{event_a.pk}/change/").status_code == 404


def test_search_by_fullwidth_certificate_number(client_for, supervisor, cert_a, cert_b):
    response = client_for(supervisor).get(URL, {"q": "ｂ－２０２５－０００１"})
    assert [e.certificate_id for e in response.context["cl"].result_list] == [cert_b.pk]


def test_events_cannot_be_added_changed_or_deleted(client_for, admin_user, cert_a):
    event = cert_a.events.get()
    client = client_for(admin_user)
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}{event.pk}/change/", {"reason": "改写"}).status_code == 403
    assert client.post(f"{URL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert CertificateEvent.objects.filter(pk=event.pk, reason="").exists()
    page = client.get(f"{URL}{event.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
