"""What the shelter tests share: the demo shelters' names, their confidential demo address, and steps done
through the API (finding a shelter's id, a host reporting a count)."""
import uuid

from server.clock import city_now

NINH_KIEU = "Nơi tạm lánh cộng đồng phường Ninh Kiều (minh hoạ)"
AN_BINH = "Nơi tạm lánh cộng đồng phường An Bình (minh hoạ)"
CITY_SHELTER = "Nhà tạm lánh TP. Cần Thơ (minh hoạ)"
# The Ninh Kiều demo shelter's street address (server/shelters/demo.py): it must never reach the public.
NINH_KIEU_ADDRESS = "Số 12, đường minh hoạ"


def staff_shelter(client, name):
    """A shelter as staff see it (GET /api/v1/shelters/staff), found by name."""
    answer = client.get("/api/v1/shelters/staff")
    assert answer.status_code == 200, answer.json
    [shelter] = [item for item in answer.json["items"] if item["name"] == name]
    return shelter


def report_count(host, shelter_id, free_beds, observed_at=None):
    """A host's count straight through the API, observed now unless told otherwise; returns the answer."""
    moment = observed_at or city_now()
    answer = host.post(f"/api/v1/shelters/{shelter_id}/availability", json={
        "key": str(uuid.uuid4()), "free_beds": free_beds, "observed_at": moment.isoformat()})
    assert answer.status_code == 200, answer.json
    return answer.json
